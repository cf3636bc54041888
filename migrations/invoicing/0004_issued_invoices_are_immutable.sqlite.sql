CREATE TRIGGER invoicing_invoices_issued_no_delete BEFORE DELETE ON invoicing_invoices
-- SQLite's copy of the PostgreSQL immutability triggers (0003): an issued invoice or credit
-- note keeps its content; only status, paid and credited amounts and their times may move.
-- (Comments sit inside the statement: the migration splitter recognises a trigger by its first word.)
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be deleted');
END;

CREATE TRIGGER invoicing_invoices_issued_no_update BEFORE UPDATE ON invoicing_invoices
WHEN OLD.status <> 'draft' AND (NEW.status = 'draft' OR
    NEW.id IS NOT OLD.id OR NEW.vendor_id IS NOT OLD.vendor_id OR NEW.platform_id IS NOT OLD.platform_id OR
    NEW.kind IS NOT OLD.kind OR NEW.series IS NOT OLD.series OR NEW.sequence_number IS NOT OLD.sequence_number OR
    NEW.number IS NOT OLD.number OR NEW.order_id IS NOT OLD.order_id OR NEW.customer_id IS NOT OLD.customer_id OR
    NEW.credited_invoice_id IS NOT OLD.credited_invoice_id OR NEW.credited_number IS NOT OLD.credited_number OR
    NEW.credited_issue_date IS NOT OLD.credited_issue_date OR NEW.currency IS NOT OLD.currency OR
    NEW.language IS NOT OLD.language OR NEW.issue_date IS NOT OLD.issue_date OR
    NEW.supply_date IS NOT OLD.supply_date OR NEW.due_date IS NOT OLD.due_date OR
    NEW.payment_terms_days IS NOT OLD.payment_terms_days OR NEW.seller_name IS NOT OLD.seller_name OR
    NEW.seller_address IS NOT OLD.seller_address OR NEW.seller_country IS NOT OLD.seller_country OR
    NEW.seller_vat_number IS NOT OLD.seller_vat_number OR NEW.seller_iban IS NOT OLD.seller_iban OR
    NEW.seller_bic IS NOT OLD.seller_bic OR NEW.footer IS NOT OLD.footer OR NEW.buyer_name IS NOT OLD.buyer_name OR
    NEW.buyer_email IS NOT OLD.buyer_email OR NEW.buyer_address IS NOT OLD.buyer_address OR
    NEW.buyer_country IS NOT OLD.buyer_country OR NEW.buyer_vat_number IS NOT OLD.buyer_vat_number OR
    NEW.buyer_is_business IS NOT OLD.buyer_is_business OR NEW.regime IS NOT OLD.regime OR
    NEW.regime_explanation IS NOT OLD.regime_explanation OR NEW.exemption_code IS NOT OLD.exemption_code OR
    NEW.exemption_text IS NOT OLD.exemption_text OR NEW.legal_mention IS NOT OLD.legal_mention OR
    NEW.prices_include_vat IS NOT OLD.prices_include_vat OR NEW.net_total_minor IS NOT OLD.net_total_minor OR
    NEW.tax_total_minor IS NOT OLD.tax_total_minor OR NEW.gross_total_minor IS NOT OLD.gross_total_minor OR
    NEW.rounding_minor IS NOT OLD.rounding_minor OR NEW.payable_minor IS NOT OLD.payable_minor OR
    NEW.distance_sale_eur_cents IS NOT OLD.distance_sale_eur_cents OR NEW.note IS NOT OLD.note OR
    NEW.created_by IS NOT OLD.created_by OR NEW.issued_at IS NOT OLD.issued_at OR
    NEW.created_at IS NOT OLD.created_at)
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed');
END;

CREATE TRIGGER invoicing_invoice_lines_issued_no_update BEFORE UPDATE ON invoicing_invoice_lines
WHEN (SELECT status FROM invoicing_invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed');
END;

CREATE TRIGGER invoicing_invoice_lines_issued_no_delete BEFORE DELETE ON invoicing_invoice_lines
WHEN (SELECT status FROM invoicing_invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed');
END;

CREATE TRIGGER invoicing_vat_breakdown_issued_no_update BEFORE UPDATE ON invoicing_vat_breakdown
WHEN (SELECT status FROM invoicing_invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed');
END;

CREATE TRIGGER invoicing_vat_breakdown_issued_no_delete BEFORE DELETE ON invoicing_vat_breakdown
WHEN (SELECT status FROM invoicing_invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed');
END;
