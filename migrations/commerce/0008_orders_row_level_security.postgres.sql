-- Vendor isolation on the order tables (agora_isolate_by_vendor: migrations/kernel/0007).
SELECT agora_isolate_by_vendor('commerce_orders');
SELECT agora_isolate_by_vendor('commerce_order_lines');
SELECT agora_isolate_by_vendor('commerce_order_timeline');
SELECT agora_isolate_by_vendor('commerce_order_sequences');
SELECT agora_isolate_by_vendor('commerce_customer_stat_events');
