-- Order search (`q`) by part of the customer's e-mail without reading every order: a trigram
-- index answers LIKE '%…%'. pg_trgm ships with PostgreSQL and is a trusted extension, so the
-- database owner may create it. The external reference gets its own index so the search's
-- three alternatives can each use one (PostgreSQL combines them with a bitmap OR).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX commerce_orders_email_search ON commerce_orders USING gin (lower(customer_email) gin_trgm_ops);
CREATE INDEX commerce_orders_external_search ON commerce_orders (vendor_id, external_reference) WHERE external_reference IS NOT NULL;
