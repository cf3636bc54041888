-- Vendor isolation on the customer tables (see migrations/kernel/0006).
ALTER TABLE commerce_customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_customers FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_customers
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
ALTER TABLE commerce_customer_addresses ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_customer_addresses FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_customer_addresses
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
