-- Vendor isolation on the order tables (see migrations/kernel/0006).
ALTER TABLE commerce_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_orders FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_orders
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_order_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_order_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_order_lines
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_order_timeline ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_order_timeline FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_order_timeline
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_order_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_order_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_order_sequences
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_customer_stat_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_customer_stat_events FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_customer_stat_events
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
