-- Order search (`q`) by part of the customer's e-mail without reading every order.
--
-- A trigram index cannot serve it: row-level security lets PostgreSQL use an index for a
-- condition only when its operator is leakproof, and LIKE is not. Range comparisons with
-- text_pattern_ops are, so every suffix of each distinct order e-mail is kept here: "a part
-- of the e-mail" is "the start of one of its suffixes", a range scan. A trigger keeps the
-- table current; a returning customer's e-mail costs one index probe per order.
CREATE TABLE commerce_order_email_suffixes (
    vendor_id UUID NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    suffix TEXT NOT NULL,
    email TEXT NOT NULL
);
CREATE UNIQUE INDEX commerce_order_email_suffixes_key ON commerce_order_email_suffixes (vendor_id, suffix text_pattern_ops, email);
SELECT agora_isolate_by_vendor('commerce_order_email_suffixes');

CREATE FUNCTION commerce_index_order_email() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    address TEXT := lower(NEW.customer_email);
BEGIN
    IF address IS NULL OR address = '' THEN RETURN NULL; END IF;
    IF EXISTS (SELECT 1 FROM commerce_order_email_suffixes WHERE vendor_id = NEW.vendor_id AND suffix = address AND email = address) THEN
        RETURN NULL;
    END IF;
    INSERT INTO commerce_order_email_suffixes (vendor_id, suffix, email)
    SELECT NEW.vendor_id, substr(address, position), address FROM generate_series(1, length(address)) AS position
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER commerce_orders_email_suffixes AFTER INSERT OR UPDATE OF customer_email ON commerce_orders
    FOR EACH ROW EXECUTE FUNCTION commerce_index_order_email();

INSERT INTO commerce_order_email_suffixes (vendor_id, suffix, email)
SELECT DISTINCT o.vendor_id, substr(lower(o.customer_email), position), lower(o.customer_email)
FROM commerce_orders o, generate_series(1, length(o.customer_email)) AS position
WHERE o.customer_email <> ''
ON CONFLICT DO NOTHING;

-- The e-mails found above, and exact order numbers and external references, each by index.
CREATE INDEX commerce_orders_email ON commerce_orders (vendor_id, customer_email, id);
CREATE INDEX commerce_orders_external_search ON commerce_orders (vendor_id, external_reference) WHERE external_reference IS NOT NULL;
