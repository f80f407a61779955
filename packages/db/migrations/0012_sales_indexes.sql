-- Indexes for the access paths the sales engine's first version turned out to use.

-- The hourly purge deletes one tenant's expired keys at a time.
drop index idempotency_keys_expiry_idx;
create index idempotency_keys_expiry_idx on idempotency_keys (tenant_id, expires_at);

-- Ledger pages are read in id order (UUIDv7 taken under the balance row's lock = balance order).
drop index store_credit_entries_customer_idx;
create index store_credit_entries_customer_idx on store_credit_entries (tenant_id, customer_id, id);
drop index gift_card_entries_card_idx;
create index gift_card_entries_card_idx on gift_card_entries (tenant_id, gift_card_id, id);

-- A customer's purchase history includes refunds paid to them without a receipt.
create index refunds_customer_idx on refunds (tenant_id, customer_id, occurred_at desc)
  where customer_id is not null;

-- X/Z reports count a register's voids and refunds within the session's time window.
create index sales_voided_idx on sales (tenant_id, register_id, voided_at) where status = 'voided';
create index refunds_register_idx on refunds (tenant_id, register_id, occurred_at);
