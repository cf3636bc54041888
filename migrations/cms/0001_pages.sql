-- CMS content pages in three tiers (Modules/CMS/Domain/ContentPage.swift): a vendor's own page
-- (vendor_id set), the platform's default page for vendors (no vendor, not a platform page) and
-- the platform's marketing page (no vendor, is_platform_page). A row never claims both.
-- Slugs are stored normalised (lowercase, no slashes) and locales as canonical BCP 47 tags.

CREATE TABLE cms_pages (
    id UUID PRIMARY KEY,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    vendor_id UUID REFERENCES vendors(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    seo_title TEXT,
    seo_description TEXT,
    is_published BOOLEAN NOT NULL,
    published_at TIMESTAMPTZ,
    is_platform_page BOOLEAN NOT NULL,
    -- Whether the page took a place under the vendor's cms.custom_pages limit when it was
    -- written, so deleting or renaming it gives back exactly what it took even after the
    -- platform's default pages changed.
    counts_as_custom BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (vendor_id IS NULL OR NOT is_platform_page),
    CHECK (vendor_id IS NOT NULL OR NOT counts_as_custom)
);

-- One page per (platform, vendor or none, slug, locale, kind). NULL never equals NULL in a
-- unique index on either database, so the vendor's rows and the platform's rows get one
-- partial index each instead of one index over a nullable column.
CREATE UNIQUE INDEX cms_pages_vendor_slug ON cms_pages (platform_id, vendor_id, slug, locale) WHERE vendor_id IS NOT NULL;
CREATE UNIQUE INDEX cms_pages_platform_slug ON cms_pages (platform_id, slug, locale, is_platform_page) WHERE vendor_id IS NULL;
CREATE INDEX cms_pages_resolution ON cms_pages (platform_id, slug);
