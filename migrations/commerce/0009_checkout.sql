-- The shop: carts, checkout payments, shop customer accounts, and the link from stock
-- reservations to the order that holds them.

-- A checkout's reservations belong to its order: cancelling releases them, shipping sells them.
-- Deferred: checkout reserves stock for the order before it inserts the order (see CheckoutRoutes).
ALTER TABLE commerce_reservations ADD COLUMN order_id UUID REFERENCES commerce_orders(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX commerce_reservations_order ON commerce_reservations (order_id);

-- The shop account (a customer with a password) that placed the order while signed in; the
-- account's order history shows only these, never guest orders someone else placed with the e-mail.
ALTER TABLE commerce_orders ADD COLUMN account_id UUID REFERENCES commerce_customers(id) ON DELETE SET NULL;
ALTER TABLE commerce_orders ADD COLUMN payment_method TEXT;
CREATE INDEX commerce_orders_account ON commerce_orders (vendor_id, account_id, id);
-- The order list: newest first, optionally by status or channel (covers 100,000s of orders per vendor).
CREATE INDEX commerce_orders_newest ON commerce_orders (vendor_id, id);
CREATE INDEX commerce_orders_status ON commerce_orders (vendor_id, status, id);
CREATE INDEX commerce_orders_channel ON commerce_orders (vendor_id, channel, id);
CREATE INDEX commerce_orders_customer ON commerce_orders (vendor_id, customer_id, id);

-- How a vendor's shop takes payment.
CREATE TABLE commerce_shop_settings (
    vendor_id UUID PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
    bank_transfer_enabled BOOLEAN NOT NULL,
    account_holder TEXT,
    iban TEXT,
    bic TEXT,
    pay_at_pickup_enabled BOOLEAN NOT NULL,
    pickup_instructions TEXT,
    payment_days INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Carts are addressed by a random id (a guest's cart is whoever holds the id); a signed-in
-- customer's cart also needs that customer's session.
CREATE TABLE commerce_carts (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    customer_id UUID REFERENCES commerce_customers(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('open', 'checked_out')),
    order_id UUID REFERENCES commerce_orders(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- seen_price_minor: the price the shopper was last shown; checkout refuses if it changed since.
CREATE TABLE commerce_cart_lines (
    cart_id UUID NOT NULL REFERENCES commerce_carts(id) ON DELETE CASCADE,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    variant_id UUID NOT NULL REFERENCES commerce_variants(id) ON DELETE CASCADE,
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    seen_price_minor BIGINT NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (cart_id, variant_id)
);

CREATE TABLE commerce_payments (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    order_id UUID NOT NULL REFERENCES commerce_orders(id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled')),
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    reference TEXT NOT NULL,
    instructions TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    paid_at TIMESTAMPTZ,
    confirmed_by TEXT
);
CREATE INDEX commerce_payments_order ON commerce_payments (order_id);

-- Shop accounts: a customer with a password, separate from staff users.
CREATE TABLE commerce_customer_credentials (
    customer_id UUID PRIMARY KEY REFERENCES commerce_customers(id) ON DELETE CASCADE,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Only the SHA-256 of a session token is kept.
CREATE TABLE commerce_customer_sessions (
    id_hash TEXT PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    customer_id UUID NOT NULL REFERENCES commerce_customers(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE commerce_customer_login_failures (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commerce_customer_login_failures_email ON commerce_customer_login_failures (vendor_id, email, at);
