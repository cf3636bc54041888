-- The marketing pages loaded from Platforms/<code>/pages/ (Modules/CMS/Site/SitePages.swift),
-- remembered so each file is loaded once: an admin's edit or deletion of a loaded page stands.

CREATE TABLE cms_seeded_pages (
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    locale TEXT NOT NULL,
    seeded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform_id, slug, locale)
);
