-- Vendor isolation on the stock tables (agora_isolate_by_vendor: migrations/kernel/0007).
SELECT agora_isolate_by_vendor('commerce_locations');
SELECT agora_isolate_by_vendor('commerce_stock_entries');
SELECT agora_isolate_by_vendor('commerce_stock_levels');
SELECT agora_isolate_by_vendor('commerce_reservations');
