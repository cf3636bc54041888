CREATE TRIGGER invoicing_invoice_lines_issued_no_insert BEFORE INSERT ON invoicing_invoice_lines
-- SQLite's copy of 0005: an issued document takes no new lines or VAT rows.
WHEN (SELECT status FROM invoicing_invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed');
END;

CREATE TRIGGER invoicing_vat_breakdown_issued_no_insert BEFORE INSERT ON invoicing_vat_breakdown
WHEN (SELECT status FROM invoicing_invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed');
END;
