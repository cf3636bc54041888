-- The vendor-isolation policies read `agora.vendor_id` once per query instead of once per row.
--
-- Written bare, current_setting() is a filter evaluated on every row a query touches (a page
-- of 50 orders evaluated it, and cast the text to a uuid, 50 times); wrapped in a scalar
-- sub-select PostgreSQL computes it once, as an InitPlan, and each row compares two uuids.
-- It is still read at every execution, so prepared statements see each connection's setting.
-- The meaning is unchanged: unscoped work (setting empty) sees every row, a vendor's only its own.

CREATE OR REPLACE FUNCTION agora_isolate_by_vendor(table_name TEXT) RETURNS VOID AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', table_name);
    -- Called again on a table, it brings the table's policy to this form.
    EXECUTE format('DROP POLICY IF EXISTS vendor_isolation ON %I', table_name);
    EXECUTE format(
        'CREATE POLICY vendor_isolation ON %I '
        'USING ((SELECT COALESCE(current_setting(''agora.vendor_id'', true), '''') = '''') '
        'OR vendor_id = (SELECT NULLIF(current_setting(''agora.vendor_id'', true), '''')::uuid)) '
        'WITH CHECK ((SELECT COALESCE(current_setting(''agora.vendor_id'', true), '''') = '''') '
        'OR vendor_id = (SELECT NULLIF(current_setting(''agora.vendor_id'', true), '''')::uuid))',
        table_name);
END;
$$ LANGUAGE plpgsql;

-- Every table already behind the policy (the kernel's own from 0006, and every module table
-- of a database migrated before this) gets the new form; tables created later get it from
-- the function.
DO $$
DECLARE
    isolated RECORD;
BEGIN
    FOR isolated IN
        SELECT tablename FROM pg_policies WHERE schemaname = current_schema() AND policyname = 'vendor_isolation'
    LOOP
        PERFORM agora_isolate_by_vendor(isolated.tablename);
    END LOOP;
END;
$$;
