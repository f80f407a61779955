-- Transactional outbox: a use case writes its events here in the same transaction as its data,
-- and the relay publishes them after commit (realtime pub/sub, jobs). Nothing is published for
-- a rolled-back change, and nothing committed is lost if the process dies before publishing.
create table outbox (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id),
  topic text not null check (topic ~ '^[a-z_]+(\.[a-z_]+)+$'),
  store_id uuid,
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  created_at timestamptz not null default clock_timestamp(),
  published_at timestamptz
);
create index outbox_pending_idx on outbox (id) where published_at is null;
alter table outbox enable row level security;
alter table outbox force row level security;
create policy outbox_tenant on outbox
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- The relay drains every tenant's events in one pass.
create policy outbox_relay on outbox for select using (app_is_system());
create policy outbox_relay_mark on outbox for update using (app_is_system()) with check (app_is_system());
grant select, insert on outbox to tillpoint_app;
grant update (published_at) on outbox to tillpoint_app;
