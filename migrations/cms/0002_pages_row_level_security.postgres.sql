-- Vendor isolation on cms_pages. Not agora_isolate_by_vendor (migrations/kernel/0007): its
-- policy hides rows whose vendor_id is NULL inside a vendor-scoped transaction, and a vendor
-- must read the platform's default pages (vendor_id NULL) there, to tell an override from a
-- custom page. So: reading sees the vendor's rows and the platform's; writing, changing and
-- deleting only ever touch the vendor's own rows. Unscoped work (setting empty) sees all.

ALTER TABLE cms_pages ENABLE ROW LEVEL SECURITY;
ALTER TABLE cms_pages FORCE ROW LEVEL SECURITY;

CREATE POLICY vendor_isolation_read ON cms_pages FOR SELECT
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = ''
        OR vendor_id IS NULL
        OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);

CREATE POLICY vendor_isolation_insert ON cms_pages FOR INSERT
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = ''
        OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);

CREATE POLICY vendor_isolation_update ON cms_pages FOR UPDATE
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = ''
        OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid)
    WITH CHECK (COALESCE(current_setting('agora.vendor_id', true), '') = ''
        OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);

CREATE POLICY vendor_isolation_delete ON cms_pages FOR DELETE
    USING (COALESCE(current_setting('agora.vendor_id', true), '') = ''
        OR vendor_id = NULLIF(current_setting('agora.vendor_id', true), '')::uuid);
