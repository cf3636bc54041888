-- Vendor isolation on the purchase-order tables (agora_isolate_by_vendor: migrations/kernel/0007).
SELECT agora_isolate_by_vendor('commerce_purchase_orders');
SELECT agora_isolate_by_vendor('commerce_purchase_order_lines');
SELECT agora_isolate_by_vendor('commerce_purchase_order_sequences');
