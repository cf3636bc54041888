-- Invoices and credit notes sent to customers by e-mail: one row per send, queued in the
-- request's transaction (with its outbox event), then sent or failing with the last error.
CREATE TABLE invoicing_mailings (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    invoice_id UUID NOT NULL REFERENCES invoicing_invoices(id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    reply_to TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failing')),
    attempts INTEGER NOT NULL,
    last_error TEXT,
    requested_by TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX invoicing_mailings_by_invoice ON invoicing_mailings (vendor_id, invoice_id, requested_at);
