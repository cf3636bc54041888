-- One way to put a vendor-owned table behind the second wall: every module's PostgreSQL
-- migration calls agora_isolate_by_vendor('table') instead of repeating the policy.

CREATE FUNCTION agora_isolate_by_vendor(table_name TEXT) RETURNS VOID AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', table_name);
    EXECUTE format(
        'CREATE POLICY vendor_isolation ON %I '
        'USING (COALESCE(current_setting(''agora.vendor_id'', true), '''') = '''' '
        'OR vendor_id = NULLIF(current_setting(''agora.vendor_id'', true), '''')::uuid) '
        'WITH CHECK (COALESCE(current_setting(''agora.vendor_id'', true), '''') = '''' '
        'OR vendor_id = NULLIF(current_setting(''agora.vendor_id'', true), '''')::uuid)',
        table_name);
END;
$$ LANGUAGE plpgsql;
