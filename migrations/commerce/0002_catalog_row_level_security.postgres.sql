-- Vendor isolation on the catalog tables (agora_isolate_by_vendor: migrations/kernel/0007).
SELECT agora_isolate_by_vendor('commerce_products');
SELECT agora_isolate_by_vendor('commerce_variants');
SELECT agora_isolate_by_vendor('commerce_product_images');
