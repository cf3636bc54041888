-- The VAT of an order as Invoicing's engine works it out (net, VAT, regime): set when the
-- order is placed (if the vendor has invoice settings) and replaced by the invoice's figures
-- when the order is invoiced. Empty for orders the engine has not seen.
ALTER TABLE commerce_orders ADD COLUMN net_total_minor BIGINT;
ALTER TABLE commerce_orders ADD COLUMN tax_total_minor BIGINT;
ALTER TABLE commerce_orders ADD COLUMN vat_regime TEXT;
