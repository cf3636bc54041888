-- An issued invoice or credit note takes no new lines or VAT rows either (0003 refuses
-- changes and deletions): a line INSERTed by hand would change the legal document. Credit
-- notes are written as drafts, given their lines, then issued, like invoices.
CREATE FUNCTION invoicing_refuse_part_added_to_issued() RETURNS trigger AS $$
DECLARE
    parent_status TEXT;
BEGIN
    SELECT status INTO parent_status FROM invoicing_invoices WHERE id = NEW.invoice_id;
    IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
        RAISE EXCEPTION 'the lines of an issued invoice cannot be changed' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoicing_invoice_lines_no_insert_when_issued BEFORE INSERT ON invoicing_invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_part_added_to_issued();
CREATE TRIGGER invoicing_vat_breakdown_no_insert_when_issued BEFORE INSERT ON invoicing_vat_breakdown
    FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_part_added_to_issued();
