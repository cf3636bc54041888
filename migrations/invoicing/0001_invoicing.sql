-- Invoicing: the vendor's invoice settings, the VAT rates by date, invoices and credit notes
-- with their lines and VAT breakdown, number series, and payments.

CREATE TABLE invoicing_settings (
    vendor_id UUID PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
    legal_name TEXT NOT NULL,
    address_lines TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    vat_number TEXT,
    oss_registered BOOLEAN NOT NULL,
    oss_opt_in BOOLEAN NOT NULL,
    invoice_prefix TEXT NOT NULL,
    credit_note_prefix TEXT NOT NULL,
    payment_terms_days INTEGER NOT NULL,
    iban TEXT,
    bic TEXT,
    footer TEXT,
    language TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Rates by country, class and day (days as YYYY-MM-DD; effective_until exclusive, NULL while in force).
CREATE TABLE invoicing_vat_rates (
    id UUID PRIMARY KEY,
    country TEXT NOT NULL,
    rate_class TEXT NOT NULL,
    basis_points INTEGER NOT NULL CHECK (basis_points >= 0 AND basis_points < 10000),
    effective_from TEXT NOT NULL,
    effective_until TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (country, rate_class, effective_from)
);

-- Invoices and credit notes. A draft has no number; issuing allocates one in its series.
CREATE TABLE invoicing_invoices (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'partially_paid', 'paid', 'cancelled')),
    series TEXT NOT NULL,
    sequence_number BIGINT,
    number TEXT,
    order_id UUID,
    customer_id UUID,
    credited_invoice_id UUID REFERENCES invoicing_invoices(id),
    credited_number TEXT,
    credited_issue_date TEXT,
    currency TEXT NOT NULL,
    language TEXT NOT NULL,
    issue_date TEXT,
    supply_date TEXT,
    due_date TEXT,
    payment_terms_days INTEGER NOT NULL,
    seller_name TEXT NOT NULL,
    seller_address TEXT NOT NULL,
    seller_country TEXT NOT NULL,
    seller_vat_number TEXT,
    seller_iban TEXT,
    seller_bic TEXT,
    footer TEXT,
    buyer_name TEXT NOT NULL,
    buyer_email TEXT,
    buyer_address TEXT,
    buyer_country TEXT NOT NULL,
    buyer_vat_number TEXT,
    buyer_is_business BOOLEAN NOT NULL,
    regime TEXT NOT NULL,
    regime_explanation TEXT NOT NULL,
    exemption_code TEXT,
    exemption_text TEXT,
    legal_mention TEXT,
    prices_include_vat BOOLEAN NOT NULL,
    net_total_minor BIGINT NOT NULL,
    tax_total_minor BIGINT NOT NULL,
    gross_total_minor BIGINT NOT NULL,
    rounding_minor BIGINT NOT NULL,
    payable_minor BIGINT NOT NULL,
    distance_sale_eur_cents BIGINT NOT NULL,
    paid_minor BIGINT NOT NULL,
    credited_minor BIGINT NOT NULL,
    note TEXT,
    created_by TEXT NOT NULL,
    issued_at TIMESTAMPTZ,
    paid_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, series, sequence_number)
);
CREATE INDEX invoicing_invoices_list ON invoicing_invoices (vendor_id, id);
CREATE INDEX invoicing_invoices_order ON invoicing_invoices (vendor_id, order_id);
CREATE INDEX invoicing_invoices_due ON invoicing_invoices (vendor_id, status, due_date);

CREATE TABLE invoicing_invoice_lines (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    invoice_id UUID NOT NULL REFERENCES invoicing_invoices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    sku TEXT,
    quantity_milli BIGINT NOT NULL,
    unit_price_ten_thousandths BIGINT NOT NULL,
    net_unit_price_ten_thousandths BIGINT NOT NULL,
    vat_rate_class TEXT NOT NULL,
    category TEXT NOT NULL,
    basis_points INTEGER NOT NULL,
    rate_country TEXT,
    net_minor BIGINT NOT NULL,
    gross_minor BIGINT,
    credited_line_id UUID
);
CREATE INDEX invoicing_invoice_lines_invoice ON invoicing_invoice_lines (invoice_id, position);

-- EN 16931 BG-23: one row per (category, rate) group.
CREATE TABLE invoicing_vat_breakdown (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    invoice_id UUID NOT NULL REFERENCES invoicing_invoices(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    basis_points INTEGER NOT NULL,
    taxable_minor BIGINT NOT NULL,
    tax_minor BIGINT NOT NULL,
    exemption_code TEXT,
    exemption_text TEXT
);
CREATE INDEX invoicing_vat_breakdown_invoice ON invoicing_vat_breakdown (invoice_id);

-- Gapless numbers per (vendor, series), taken with one UPDATE inside the issuing transaction.
CREATE TABLE invoicing_number_series (
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    series TEXT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (vendor_id, series)
);

CREATE TABLE invoicing_payments (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    invoice_id UUID NOT NULL REFERENCES invoicing_invoices(id) ON DELETE CASCADE,
    amount_minor BIGINT NOT NULL,
    paid_on TEXT NOT NULL,
    method TEXT NOT NULL,
    reference TEXT,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX invoicing_payments_invoice ON invoicing_payments (invoice_id, created_at);
