-- Commerce catalog: products, their variants (SKU unique per vendor, optional GTIN) and images.

CREATE TABLE commerce_products (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
    currency TEXT NOT NULL,
    prices_include_vat BOOLEAN NOT NULL,
    vat_rate_class TEXT NOT NULL CHECK (vat_rate_class IN ('standard', 'intermediate', 'reduced', 'super_reduced', 'zero')),
    -- Selling by weight; all NULL for products sold by the piece.
    weight_unit TEXT CHECK (weight_unit IN ('kg', 'lb')),
    weight_minimum_milli BIGINT,
    weight_step_milli BIGINT,
    weight_average_unit_milli BIGINT,
    weight_tare_milli BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commerce_products_vendor ON commerce_products (vendor_id, id);

CREATE TABLE commerce_variants (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    product_id UUID NOT NULL REFERENCES commerce_products(id) ON DELETE CASCADE,
    sku TEXT NOT NULL,
    barcode TEXT,
    title TEXT NOT NULL,
    price_minor BIGINT NOT NULL CHECK (price_minor >= 0),
    position INTEGER NOT NULL,
    UNIQUE (vendor_id, sku)
);
CREATE UNIQUE INDEX commerce_variants_barcode ON commerce_variants (vendor_id, barcode) WHERE barcode IS NOT NULL;
CREATE INDEX commerce_variants_product ON commerce_variants (product_id, position);

CREATE TABLE commerce_product_images (
    id UUID PRIMARY KEY,
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    product_id UUID NOT NULL REFERENCES commerce_products(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    alt TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX commerce_product_images_product ON commerce_product_images (product_id, position);
