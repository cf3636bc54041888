-- Vendor isolation on the catalog tables (see migrations/kernel/0006).

ALTER TABLE commerce_products ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_products FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_products
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);

ALTER TABLE commerce_variants ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_variants FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_variants
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);

ALTER TABLE commerce_product_images ENABLE ROW LEVEL SECURITY;
ALTER TABLE commerce_product_images FORCE ROW LEVEL SECURITY;
CREATE POLICY vendor_isolation ON commerce_product_images
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = '' OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
