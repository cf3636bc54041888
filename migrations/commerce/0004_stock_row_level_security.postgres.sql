-- Vendor isolation on the stock tables (see migrations/kernel/0006).
ALTER TABLE commerce_locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_locations FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_locations
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_stock_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_stock_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_stock_entries
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_stock_levels ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_stock_levels FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_stock_levels
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_reservations ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_reservations FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_reservations
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
