-- Vendor isolation on the shop tables (agora_isolate_by_vendor: migrations/kernel/0007).
SELECT agora_isolate_by_vendor('commerce_shop_settings');
SELECT agora_isolate_by_vendor('commerce_carts');
SELECT agora_isolate_by_vendor('commerce_cart_lines');
SELECT agora_isolate_by_vendor('commerce_payments');
SELECT agora_isolate_by_vendor('commerce_customer_credentials');
SELECT agora_isolate_by_vendor('commerce_customer_sessions');
SELECT agora_isolate_by_vendor('commerce_customer_login_failures');
