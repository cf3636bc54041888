-- Vendor isolation on the customer tables (agora_isolate_by_vendor: migrations/kernel/0007).
SELECT agora_isolate_by_vendor('commerce_customers');
SELECT agora_isolate_by_vendor('commerce_customer_addresses');
