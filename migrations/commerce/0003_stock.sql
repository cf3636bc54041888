-- Stock: locations, an append-only ledger, and levels derived from it in the same transaction.
-- Quantities are milli-units (1000 = one piece or one kilogram).

CREATE TABLE commerce_locations (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'market_stall', 'partner')),
    is_active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, name)
);

-- Every movement, never updated or deleted. on_hand_delta and reserved_delta are what the
-- entry did to the level, so the ledger sums to the levels.
CREATE TABLE commerce_stock_entries (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    variant_id UUID NOT NULL REFERENCES commerce_variants(id) ON DELETE CASCADE,
    location_id UUID NOT NULL REFERENCES commerce_locations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('receipt', 'sale', 'reservation', 'release', 'adjustment', 'transfer_in', 'transfer_out', 'return')),
    on_hand_delta BIGINT NOT NULL,
    reserved_delta BIGINT NOT NULL,
    reason TEXT,
    reference TEXT,
    actor TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commerce_stock_entries_variant ON commerce_stock_entries (vendor_id, variant_id, id);

CREATE TABLE commerce_stock_levels (
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    variant_id UUID NOT NULL REFERENCES commerce_variants(id) ON DELETE CASCADE,
    location_id UUID NOT NULL REFERENCES commerce_locations(id) ON DELETE CASCADE,
    on_hand_milli BIGINT NOT NULL,
    reserved_milli BIGINT NOT NULL CHECK (reserved_milli >= 0),
    low_stock_threshold_milli BIGINT,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (variant_id, location_id),
    CHECK (reserved_milli <= on_hand_milli OR reserved_milli = 0)
);
CREATE INDEX commerce_stock_levels_vendor ON commerce_stock_levels (vendor_id);

CREATE TABLE commerce_reservations (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    variant_id UUID NOT NULL REFERENCES commerce_variants(id) ON DELETE CASCADE,
    location_id UUID NOT NULL REFERENCES commerce_locations(id) ON DELETE CASCADE,
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'released', 'sold')),
    reference TEXT,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commerce_reservations_expiry ON commerce_reservations (status, expires_at);
