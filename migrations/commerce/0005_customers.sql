-- Shop customers, per vendor (separate from staff users), with an address book.

CREATE TABLE commerce_customers (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    language TEXT NOT NULL,
    marketing_consent BOOLEAN NOT NULL,
    marketing_consent_at TIMESTAMPTZ,
    company_name TEXT,
    vat_number TEXT,
    -- Kept from order events.
    order_count INTEGER NOT NULL,
    total_spent_minor BIGINT NOT NULL,
    first_order_at TIMESTAMPTZ,
    last_order_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, email)
);

CREATE TABLE commerce_customer_addresses (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    customer_id UUID NOT NULL REFERENCES commerce_customers(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    line1 TEXT NOT NULL,
    line2 TEXT,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    phone TEXT,
    is_default_shipping BOOLEAN NOT NULL,
    is_default_billing BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commerce_customer_addresses_customer ON commerce_customer_addresses (customer_id);
