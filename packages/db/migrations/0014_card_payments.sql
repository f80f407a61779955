-- Card payments through the tenant's payment plugin (Stripe Terminal and the like). A card
-- payment lives here from the moment we ask the processor for it until it is settled: pending on
-- the reader, authorised, succeeded, failed or canceled. Only a succeeded one becomes a tender
-- (sale_payments row with the same id), written exactly once: recorded_at is set in the same
-- transaction as that row. Card refunds (from refunds, exchanges, reversals and voids) are
-- recorded with the refund document and settled with the processor after commit, idempotently
-- (the processor's idempotency key derives from the card refund id), until they succeed.

create table card_payments (
  tenant_id uuid not null,
  -- Also the id of the sale_payments row once the payment is recorded on the sale.
  id uuid not null,
  sale_id uuid not null,
  store_id uuid not null,
  register_id uuid not null,
  -- The paired register device that started it: a payment confirmed later (webhook, sync)
  -- completes the sale on that register's behalf.
  device_id uuid not null,
  installation_id uuid not null,
  plugin_key text not null check (length(plugin_key) between 1 and 60),
  reader_id text not null check (length(reader_id) between 1 and 100),
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  -- starting: asked the processor, no answer yet (a timeout leaves it here until reconciled).
  -- reversed: it succeeded after the sale could no longer take it and was refunded at once.
  status text not null check (status in
    ('starting', 'pending', 'requires_capture', 'succeeded', 'failed', 'canceled', 'reversed')),
  provider_payment_id text check (length(provider_payment_id) between 1 and 200),
  failure_code text check (length(failure_code) <= 100),
  failure_message text check (length(failure_message) <= 500),
  card_brand text check (length(card_brand) <= 40),
  card_last4 text check (card_last4 ~ '^[0-9]{4}$'),
  recorded_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, register_id) references registers (tenant_id, id),
  foreign key (tenant_id, device_id) references register_devices (tenant_id, id),
  foreign key (tenant_id, installation_id) references plugin_installations (tenant_id, id),
  check (status in ('starting', 'failed') or provider_payment_id is not null),
  check (recorded_at is null or status = 'succeeded'),
  check ((status = 'failed') = (failure_code is not null))
);
create unique index card_payments_provider_key on card_payments
  (tenant_id, installation_id, provider_payment_id) where provider_payment_id is not null;
-- One card payment at a time per sale: a second tap while one is on the reader is refused.
create unique index card_payments_active_key on card_payments (tenant_id, sale_id)
  where status in ('starting', 'pending', 'requires_capture');
create index card_payments_sale_idx on card_payments (tenant_id, sale_id);
alter table card_payments enable row level security;
alter table card_payments force row level security;
create policy card_payments_tenant on card_payments
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger card_payments_updated_at before update on card_payments
  for each row execute function touch_updated_at();
grant select, insert, update on card_payments to tillpoint_app;

create table card_refunds (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  card_payment_id uuid not null,
  -- The refund document's payment line; null for a void or for giving back an orphaned payment.
  refund_payment_id uuid,
  reason text not null check (reason in ('refund', 'void', 'orphaned')),
  amount_minor bigint not null check (amount_minor > 0),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  provider_refund_id text check (length(provider_refund_id) between 1 and 200),
  attempts integer not null default 0 check (attempts >= 0),
  last_error text check (length(last_error) <= 500),
  settled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, refund_payment_id),
  foreign key (tenant_id, card_payment_id) references card_payments (tenant_id, id),
  foreign key (tenant_id, refund_payment_id) references refund_payments (tenant_id, id),
  check ((status = 'succeeded') = (settled_at is not null))
);
create index card_refunds_payment_idx on card_refunds (tenant_id, card_payment_id);
create index card_refunds_unsettled_idx on card_refunds (tenant_id, created_at)
  where status <> 'succeeded';
alter table card_refunds enable row level security;
alter table card_refunds force row level security;
create policy card_refunds_tenant on card_refunds
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger card_refunds_updated_at before update on card_refunds
  for each row execute function touch_updated_at();
grant select, insert, update on card_refunds to tillpoint_app;

-- A card tender on a sale is always a recorded card payment.
alter table sale_payments add column card_payment_id uuid;
alter table sale_payments add constraint sale_payments_card_payment_fk
  foreign key (tenant_id, card_payment_id) references card_payments (tenant_id, id);
alter table sale_payments add constraint sale_payments_card_check
  check ((kind = 'card') = (card_payment_id is not null));
