-- pgbench script: the statements one web-shop checkout sends PostgreSQL, in the server's order
-- (its held-back writes combined as the server combines them),
-- followed by the customer-statistics subscriber's transaction for the order.placed event.
-- checkout.sh runs it with AGORA_BENCH_PGBENCH=1 against the shop the server bench used, as
-- the application role (row-level security on), with pgbench as a client that costs almost
-- nothing: what it reaches is what PostgreSQL itself can do on this machine for the rows a
-- checkout writes, whatever the application server does.
-- Kept in step with CheckoutRoutes.checkout by hand (one 1-piece line, a new guest paying at
-- pickup); the server's log at log_min_duration_statement=0 lists the same statements.
-- checkout.sh fills in @VENDOR@, @PLATFORM@, @LOCATION@ and @TIER@, and makes bench_open_carts,
-- bench_variants (numbered ids) and bench_uuid7() (time-ordered ids like the server's UUIDv7).
\set c random(1, :open_carts)
\set v random(1, :variants)
SELECT id AS cart FROM bench_open_carts WHERE n = :c \gset
SELECT id AS variant FROM bench_variants WHERE n = :v \gset
SELECT bench_uuid7() AS oid, gen_random_uuid() AS k \gset
BEGIN;
INSERT INTO idempotency_keys (scope, key, fingerprint, created_at)
  VALUES ('checkout' || chr(58) || '@VENDOR@' || chr(58) || :cart::text, :k, '29843b648a0bfac1354a3ef590e553e32834ffee7ca2b84b40211f3be1b37fbe', now())
  ON CONFLICT (scope, key) DO NOTHING RETURNING key;
UPDATE commerce_carts SET status = 'checked_out', updated_at = now()
  WHERE id = :cart AND vendor_id = '@VENDOR@' AND status = 'open' RETURNING id, customer_id, status, order_id;
SELECT bank_transfer_enabled, account_holder, iban, bic, pay_at_pickup_enabled, pickup_instructions, payment_days
  FROM commerce_shop_settings WHERE vendor_id = '@VENDOR@';
SELECT p.*, v.id AS variant_id, v.sku AS variant_sku, v.barcode AS variant_barcode, v.title AS variant_title,
    v.price_minor AS variant_price_minor, v.position AS variant_position, l.quantity_milli AS line_quantity_milli,
    l.seen_price_minor AS line_seen_price_minor,
    (SELECT CAST(COALESCE(SUM(s.on_hand_milli - s.reserved_milli), 0) AS BIGINT)
       FROM commerce_stock_levels s JOIN commerce_locations loc ON loc.id = s.location_id
       WHERE s.variant_id = v.id AND s.vendor_id = l.vendor_id AND loc.is_active = true) AS line_available_milli
  FROM commerce_cart_lines l
  JOIN commerce_variants v ON v.id = l.variant_id AND v.vendor_id = l.vendor_id
  JOIN commerce_products p ON p.id = v.product_id AND p.vendor_id = v.vendor_id
  WHERE l.cart_id = :cart AND l.vendor_id = '@VENDOR@'
  ORDER BY l.added_at, l.variant_id;
INSERT INTO commerce_customers (id, vendor_id, email, first_name, last_name, phone, language, marketing_consent, marketing_consent_at,
    company_name, vat_number, order_count, total_spent_minor, first_order_at, last_order_at, created_at, updated_at)
  VALUES (bench_uuid7(), '@VENDOR@', :k::text || '@pgbench.test', 'Bench', 'Shopper', NULL, 'en', false, NULL,
    NULL, NULL, 0, 0, NULL, NULL, now(), now())
  ON CONFLICT (vendor_id, email) DO NOTHING RETURNING * \gset customer_
SELECT s.location_id, s.on_hand_milli - s.reserved_milli AS available_milli
  FROM commerce_stock_levels s JOIN commerce_locations l ON l.id = s.location_id
  WHERE s.variant_id = :variant AND s.vendor_id = '@VENDOR@' AND l.is_active = true AND s.on_hand_milli > s.reserved_milli
  ORDER BY available_milli DESC, s.location_id;
UPDATE commerce_stock_levels SET on_hand_milli = on_hand_milli + 0, reserved_milli = reserved_milli + 1000, updated_at = now()
  WHERE variant_id = :variant AND location_id = '@LOCATION@' AND vendor_id = '@VENDOR@'
    AND on_hand_milli + 0 >= reserved_milli + 1000 AND reserved_milli + 1000 >= 0
  RETURNING variant_id, location_id, on_hand_milli, reserved_milli, low_stock_threshold_milli;
-- The ledger entry, reservation and both events, held back and sent as one statement (DeferredWrites).
WITH agora_deferred_1 AS (
  INSERT INTO commerce_stock_entries (id, vendor_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor, created_at)
    VALUES (bench_uuid7(), '@VENDOR@', :variant, '@LOCATION@', 'reservation', 0, 1000, NULL, 'order' || chr(58) || :oid::text,
      'shop' || chr(58) || 'shopper@pgbench.test', now()))
, agora_deferred_2 AS (
  INSERT INTO outbox_events (id, name, payload, platform_id, vendor_id, occurred_at, fanned_out)
    VALUES (bench_uuid7(), 'commerce.stock.changed', repeat('p', 246), '@PLATFORM@', '@VENDOR@', now(), true))
, agora_deferred_3 AS (
  INSERT INTO commerce_reservations (id, vendor_id, variant_id, location_id, quantity_milli, status, reference, expires_at, created_at, order_id)
    VALUES (bench_uuid7(), '@VENDOR@', :variant, '@LOCATION@', 1000, 'active', 'order' || chr(58) || :oid::text,
      now() + interval '7 days', now(), :oid))
INSERT INTO outbox_events (id, name, payload, platform_id, vendor_id, occurred_at, fanned_out)
  VALUES (bench_uuid7(), 'commerce.order.placed', repeat('p', 242), '@PLATFORM@', '@VENDOR@', now(), true);
UPDATE usage_counters SET used = used + 1, updated_at = now()
  WHERE vendor_id = '@VENDOR@' AND platform_id = '@PLATFORM@' AND limit_key = 'commerce.orders_per_month'
    AND period_key = to_char(now(), 'YYYY-MM')
    AND used + 1 <= COALESCE((SELECT l.value + (SELECT COALESCE(SUM(a.amount * va.quantity), 0)
                                                 FROM vendor_addons va JOIN tier_addons a ON a.id = va.addon_id
                                                 WHERE va.platform_id = '@PLATFORM@' AND va.vendor_id = '@VENDOR@'
                                                   AND a.limit_key = 'commerce.orders_per_month')
                              FROM tier_limits l JOIN tiers t ON t.id = l.tier_id
                              WHERE t.platform_id = '@PLATFORM@' AND t.code = '@TIER@' AND l.limit_key = 'commerce.orders_per_month'),
                             used + 1)
  RETURNING used;
INSERT INTO commerce_order_sequences (vendor_id, last_number) VALUES ('@VENDOR@', 1)
  ON CONFLICT (vendor_id) DO UPDATE SET last_number = commerce_order_sequences.last_number + 1 RETURNING last_number;
-- The order, its line, timeline entry and payment, the cart's order and the stored answer: one statement.
WITH agora_deferred_1 AS (
  INSERT INTO commerce_orders (id, vendor_id, platform_id, number, channel, external_reference, customer_id, customer_email, account_id,
      payment_method, status, currency, prices_include_vat, subtotal_minor, shipping_minor, total_minor, billing_address, shipping_address,
      tracking_number, placed_at, updated_at)
    VALUES (:oid, '@VENDOR@', '@PLATFORM@', 'P' || :k::text, 'web', NULL, NULL, 'shopper@pgbench.test', NULL,
      'pay_at_pickup', 'pending', 'EUR', true, 610, 0, 610, E'Bench Shopper\n1 rue du Marché\nL-1111 Luxembourg\nLU',
      E'Bench Shopper\n1 rue du Marché\nL-1111 Luxembourg\nLU', NULL, now(), now()))
, agora_deferred_2 AS (
  INSERT INTO commerce_order_lines (id, vendor_id, order_id, variant_id, name, sku, unit_price_minor, quantity_milli, vat_rate_class, total_minor, position)
    VALUES (bench_uuid7(), '@VENDOR@', :oid, :variant, 'Bench product 00007', 'BENCH-00007', 610, 1000, 'standard', 610, 0))
, agora_deferred_3 AS (
  INSERT INTO commerce_order_timeline (id, vendor_id, order_id, kind, from_status, to_status, note, actor, at)
    VALUES (bench_uuid7(), '@VENDOR@', :oid, 'placed', NULL, 'pending', NULL, 'shop' || chr(58) || 'shopper@pgbench.test', now()))
, agora_deferred_4 AS (
  INSERT INTO commerce_payments (id, vendor_id, order_id, method, status, amount_minor, currency, reference, instructions, created_at, paid_at, confirmed_by)
    VALUES (bench_uuid7(), '@VENDOR@', :oid, 'pay_at_pickup', 'pending', 610, 'EUR', 'ORDER 000001',
      'Pay 6,10 € when you collect order 000001.', now(), NULL, NULL))
, agora_deferred_5 AS (
  UPDATE commerce_carts SET order_id = :oid WHERE id = :cart AND vendor_id = '@VENDOR@')
UPDATE idempotency_keys SET status = 200, response = repeat('r', 1235)
  WHERE scope = 'checkout' || chr(58) || '@VENDOR@' || chr(58) || :cart::text AND key = :k;
COMMIT;
-- The customer-statistics subscriber, once the order.placed event is delivered.
BEGIN;
INSERT INTO commerce_customer_stat_events (event_id, vendor_id) VALUES (gen_random_uuid(), '@VENDOR@')
  ON CONFLICT (event_id) DO NOTHING RETURNING event_id;
UPDATE commerce_customers SET order_count = order_count + 1, total_spent_minor = total_spent_minor + 610,
    first_order_at = COALESCE(first_order_at, now()),
    last_order_at = CASE WHEN last_order_at IS NULL OR last_order_at < now() THEN now() ELSE last_order_at END
  WHERE id = :customer_id AND vendor_id = '@VENDOR@';
COMMIT;
