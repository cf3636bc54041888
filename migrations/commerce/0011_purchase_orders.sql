-- Purchase orders: what a vendor ordered from a supplier, and how much of it has arrived.
-- Quantities are milli-units (1000 = one piece or one kilogram); costs are minor units.

CREATE TABLE commerce_purchase_orders (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'ordered', 'partially_received', 'received', 'cancelled')),
    supplier_name TEXT NOT NULL,
    supplier_email TEXT,
    supplier_reference TEXT,
    location_id UUID NOT NULL REFERENCES commerce_locations(id),
    -- A calendar day (YYYY-MM-DD): suppliers promise days, not instants.
    expected_date TEXT,
    note TEXT,
    currency TEXT NOT NULL,
    total_cost_minor BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    ordered_at TIMESTAMPTZ,
    received_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, number)
);
CREATE INDEX commerce_purchase_orders_status ON commerce_purchase_orders (vendor_id, status, id);

-- Lines snapshot the variant's name and SKU (like order lines), so a catalog edit does not
-- rewrite what was ordered. received_milli never passes quantity_milli.
CREATE TABLE commerce_purchase_order_lines (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    purchase_order_id UUID NOT NULL REFERENCES commerce_purchase_orders(id) ON DELETE CASCADE,
    variant_id UUID NOT NULL,
    name TEXT NOT NULL,
    sku TEXT NOT NULL,
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    received_milli BIGINT NOT NULL CHECK (received_milli >= 0 AND received_milli <= quantity_milli),
    unit_cost_minor BIGINT CHECK (unit_cost_minor >= 0),
    position INTEGER NOT NULL
);
CREATE INDEX commerce_purchase_order_lines_order ON commerce_purchase_order_lines (purchase_order_id, position);
CREATE INDEX commerce_purchase_order_lines_variant ON commerce_purchase_order_lines (vendor_id, variant_id);

-- PO numbers per vendor: 1, 2, 3… taken with one UPDATE, so concurrent drafts never share one.
CREATE TABLE commerce_purchase_order_sequences (
    vendor_id UUID PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
    last_number BIGINT NOT NULL
);
