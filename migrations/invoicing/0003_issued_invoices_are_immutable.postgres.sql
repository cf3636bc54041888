-- An issued invoice or credit note is never edited or deleted (VAT.md "Numbering"): it is
-- corrected by a credit note. Only its settlement columns may still move (status, paid and
-- credited amounts, their times). Lines and VAT breakdown of an issued document are frozen.

CREATE FUNCTION invoicing_refuse_issued_invoice_change() RETURNS trigger AS $$
DECLARE
    settlement TEXT[] := ARRAY['status', 'paid_minor', 'credited_minor', 'paid_at', 'cancelled_at', 'updated_at'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'invoice % is issued and cannot be deleted', OLD.number USING ERRCODE = 'check_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (to_jsonb(NEW) - settlement) IS DISTINCT FROM (to_jsonb(OLD) - settlement) THEN
        RAISE EXCEPTION 'invoice % is issued and cannot be changed', OLD.number USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status <> 'draft' AND NEW.status = 'draft' THEN
        RAISE EXCEPTION 'invoice % is issued and cannot return to draft', OLD.number USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoicing_invoices_immutable BEFORE UPDATE OR DELETE ON invoicing_invoices
    FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_issued_invoice_change();

CREATE FUNCTION invoicing_refuse_issued_part_change() RETURNS trigger AS $$
DECLARE
    parent_status TEXT;
BEGIN
    SELECT status INTO parent_status FROM invoicing_invoices WHERE id = OLD.invoice_id;
    IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
        RAISE EXCEPTION 'the lines of an issued invoice cannot be changed' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoicing_invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoicing_invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_issued_part_change();
CREATE TRIGGER invoicing_vat_breakdown_immutable BEFORE UPDATE OR DELETE ON invoicing_vat_breakdown
    FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_issued_part_change();
