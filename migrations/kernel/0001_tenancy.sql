-- Tenancy: platform → company → vendor, and the vendor's subscription on each platform.

CREATE TABLE platforms (
    id UUID PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    tagline TEXT NOT NULL DEFAULT '',
    primary_color TEXT NOT NULL,
    accent_color TEXT NOT NULL,
    logo_path TEXT,
    default_locale TEXT NOT NULL,
    default_currency TEXT NOT NULL,
    support_email TEXT,
    is_active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Modules a platform offers its vendors.
CREATE TABLE platform_modules (
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    PRIMARY KEY (platform_id, module_id)
);

CREATE TABLE tiers (
    id UUID PRIMARY KEY,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- NULL price: "on request" (Enterprise).
    monthly_price_minor BIGINT,
    yearly_price_minor BIGINT,
    currency TEXT NOT NULL,
    position INTEGER NOT NULL,
    is_public BOOLEAN NOT NULL,
    UNIQUE (platform_id, code)
);

-- NULL value: unlimited.
CREATE TABLE tier_limits (
    tier_id UUID NOT NULL REFERENCES tiers(id) ON DELETE CASCADE,
    limit_key TEXT NOT NULL,
    value BIGINT,
    PRIMARY KEY (tier_id, limit_key)
);

CREATE TABLE tier_features (
    tier_id UUID NOT NULL REFERENCES tiers(id) ON DELETE CASCADE,
    feature_code TEXT NOT NULL,
    PRIMARY KEY (tier_id, feature_code)
);

CREATE TABLE companies (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    legal_name TEXT,
    address_line1 TEXT,
    address_line2 TEXT,
    postal_code TEXT,
    city TEXT,
    country TEXT NOT NULL,
    vat_number TEXT,
    email TEXT,
    -- The platform whose admins onboarded the company; they keep seeing it before it has vendors.
    home_platform_id UUID REFERENCES platforms(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE vendors (
    id UUID PRIMARY KEY,
    company_id UUID NOT NULL REFERENCES companies(id) ON DELETE RESTRICT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    currency TEXT NOT NULL,
    locale TEXT NOT NULL,
    is_active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX vendors_company ON vendors (company_id);

-- A vendor's membership of a platform, carrying its subscription there.
CREATE TABLE vendor_platforms (
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    tier_code TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'cancelled')),
    trial_ends_at TIMESTAMPTZ,
    current_period_start TIMESTAMPTZ NOT NULL,
    current_period_end TIMESTAMPTZ NOT NULL,
    joined_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (vendor_id, platform_id),
    FOREIGN KEY (platform_id, tier_code) REFERENCES tiers (platform_id, code)
);
CREATE INDEX vendor_platforms_platform ON vendor_platforms (platform_id);

-- Hosts (plus optional path prefix) a platform answers on; with vendor_id, a vendor's custom domain.
CREATE TABLE platform_domains (
    id UUID PRIMARY KEY,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    path_prefix TEXT NOT NULL,
    vendor_id UUID REFERENCES vendors(id) ON DELETE CASCADE,
    is_primary BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (host, path_prefix)
);
CREATE INDEX platform_domains_platform ON platform_domains (platform_id);
