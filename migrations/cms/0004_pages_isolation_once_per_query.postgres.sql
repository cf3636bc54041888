-- cms_pages' own policies (0002) read `agora.vendor_id` once per query rather than once per
-- row, as agora_isolate_by_vendor's do since migrations/kernel/0009: the setting in a scalar
-- sub-select is an InitPlan. What each policy lets through is unchanged.

ALTER POLICY vendor_isolation_read ON cms_pages
    USING ((SELECT COALESCE(current_setting('agora.vendor_id', true), '') = '')
        OR vendor_id IS NULL
        OR vendor_id = (SELECT NULLIF(current_setting('agora.vendor_id', true), '')::uuid));

ALTER POLICY vendor_isolation_insert ON cms_pages
    WITH CHECK ((SELECT COALESCE(current_setting('agora.vendor_id', true), '') = '')
        OR vendor_id = (SELECT NULLIF(current_setting('agora.vendor_id', true), '')::uuid));

ALTER POLICY vendor_isolation_update ON cms_pages
    USING ((SELECT COALESCE(current_setting('agora.vendor_id', true), '') = '')
        OR vendor_id = (SELECT NULLIF(current_setting('agora.vendor_id', true), '')::uuid))
    WITH CHECK ((SELECT COALESCE(current_setting('agora.vendor_id', true), '') = '')
        OR vendor_id = (SELECT NULLIF(current_setting('agora.vendor_id', true), '')::uuid));

ALTER POLICY vendor_isolation_delete ON cms_pages
    USING ((SELECT COALESCE(current_setting('agora.vendor_id', true), '') = '')
        OR vendor_id = (SELECT NULLIF(current_setting('agora.vendor_id', true), '')::uuid));
