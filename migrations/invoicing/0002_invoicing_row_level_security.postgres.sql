-- Vendor isolation on the invoicing tables (agora_isolate_by_vendor: migrations/kernel/0007).
-- invoicing_vat_rates is reference data shared by every vendor: no vendor_id, no policy.
SELECT agora_isolate_by_vendor('invoicing_settings');
SELECT agora_isolate_by_vendor('invoicing_invoices');
SELECT agora_isolate_by_vendor('invoicing_invoice_lines');
SELECT agora_isolate_by_vendor('invoicing_vat_breakdown');
SELECT agora_isolate_by_vendor('invoicing_number_series');
SELECT agora_isolate_by_vendor('invoicing_payments');
