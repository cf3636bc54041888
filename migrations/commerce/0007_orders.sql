-- Orders from every channel, their lines (snapshots) and their timeline.

CREATE TABLE commerce_orders (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    platform_id UUID NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'marketplace', 'pos', 'partner', 'manual')),
    external_reference TEXT,
    customer_id UUID REFERENCES commerce_customers(id) ON DELETE SET NULL,
    customer_email TEXT,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    prices_include_vat BOOLEAN NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    shipping_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    billing_address TEXT,
    shipping_address TEXT,
    tracking_number TEXT,
    placed_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, number)
);
-- A marketplace import names its own order id: importing it twice finds the first one.
CREATE UNIQUE INDEX commerce_orders_external ON commerce_orders (vendor_id, channel, external_reference) WHERE external_reference IS NOT NULL;
CREATE INDEX commerce_orders_list ON commerce_orders (vendor_id, placed_at, id);

CREATE TABLE commerce_order_lines (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    order_id UUID NOT NULL REFERENCES commerce_orders(id) ON DELETE CASCADE,
    variant_id UUID,
    name TEXT NOT NULL,
    sku TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    quantity_milli BIGINT NOT NULL,
    vat_rate_class TEXT NOT NULL,
    total_minor BIGINT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX commerce_order_lines_order ON commerce_order_lines (order_id, position);

CREATE TABLE commerce_order_timeline (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    order_id UUID NOT NULL REFERENCES commerce_orders(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    note TEXT,
    actor TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commerce_order_timeline_order ON commerce_order_timeline (order_id, at);

-- Order numbers per vendor: 1, 2, 3… taken with one UPDATE, so concurrent orders never share one.
CREATE TABLE commerce_order_sequences (
    vendor_id UUID PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
    last_number BIGINT NOT NULL
);

-- Order events already counted in customer statistics (the handler runs at least once).
CREATE TABLE commerce_customer_stat_events (
    event_id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE
);
