-- Feature switches per platform and per vendor, tier add-ons, and usage counters.

-- A platform admin's switch for one feature (absent = on, as the tiers say).
CREATE TABLE platform_feature_switches (
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    feature_code TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform_id, feature_code)
);

-- A per-vendor exception: 'grant' gives a feature outside the tier, 'revoke' takes one away.
CREATE TABLE vendor_feature_overrides (
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    feature_code TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('grant', 'revoke')),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform_id, vendor_id, feature_code)
);

-- Add-ons a platform sells: each unit raises one limit by `amount`.
CREATE TABLE tier_addons (
    id UUID PRIMARY KEY,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    monthly_price_minor BIGINT NOT NULL,
    limit_key TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    UNIQUE (platform_id, code)
);

CREATE TABLE vendor_addons (
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    addon_id UUID NOT NULL REFERENCES tier_addons(id) ON DELETE CASCADE,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform_id, vendor_id, addon_id)
);

-- Usage per vendor, platform, limit and period ('all' for holdings, 'YYYY-MM' for monthly limits).
-- Consumed with one conditional UPDATE, so concurrent requests can never pass the limit.
CREATE TABLE usage_counters (
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    limit_key TEXT NOT NULL,
    period_key TEXT NOT NULL,
    used BIGINT NOT NULL CHECK (used >= 0),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (vendor_id, platform_id, limit_key, period_key)
);
