-- Vendor isolation on the mailings (agora_isolate_by_vendor: migrations/kernel/0007).
SELECT agora_isolate_by_vendor('invoicing_mailings');
