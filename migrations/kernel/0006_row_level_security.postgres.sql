-- The second wall of tenant isolation: vendor-owned kernel tables only show the current
-- vendor's rows inside a vendor-scoped transaction (`agora.vendor_id` set by
-- Database.transaction(for:)). FORCE makes the policy bind the table owner too; unscoped
-- kernel and admin work (setting empty) sees every row. Module tables follow the same pattern.
-- NULLIF keeps the cast from ever seeing '' (PostgreSQL does not promise to short-circuit OR).

ALTER TABLE usage_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON usage_counters
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);

ALTER TABLE vendor_feature_overrides ENABLE ROW LEVEL SECURITY;
ALTER TABLE vendor_feature_overrides FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON vendor_feature_overrides
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);

ALTER TABLE vendor_addons ENABLE ROW LEVEL SECURITY;
ALTER TABLE vendor_addons FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON vendor_addons
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
