create table tenants (
  id uuid primary key default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 200),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  timezone text not null check (length(timezone) between 1 and 64),
  status text not null default 'active' check (status in ('active', 'suspended')),
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenants_own on tenants
  using (id = app_current_tenant()) with check (id = app_current_tenant());
-- Signup creates the tenant row before any tenant context exists.
create policy tenants_system on tenants
  using (app_is_system()) with check (app_is_system());
create trigger tenants_updated_at before update on tenants
  for each row execute function touch_updated_at();
grant select, insert, update on tenants to tillpoint_app;

create table stores (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 200),
  code text check (code ~ '^[A-Z0-9-]{1,16}$'),
  address jsonb not null default '{}'::jsonb check (jsonb_typeof(address) = 'object'),
  timezone text not null check (length(timezone) between 1 and 64),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  receipt_header text not null default '' check (length(receipt_header) <= 1000),
  receipt_footer text not null default '' check (length(receipt_footer) <= 1000),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (id)
);
create unique index stores_name_key on stores (tenant_id, lower(name)) where archived_at is null;
create unique index stores_code_key on stores (tenant_id, code) where code is not null;
alter table stores enable row level security;
alter table stores force row level security;
create policy stores_tenant on stores
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger stores_updated_at before update on stores
  for each row execute function touch_updated_at();
grant select, insert, update on stores to tillpoint_app;

create table registers (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  store_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 100),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);
create unique index registers_name_key on registers (tenant_id, store_id, lower(name))
  where archived_at is null;
alter table registers enable row level security;
alter table registers force row level security;
create policy registers_tenant on registers
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger registers_updated_at before update on registers
  for each row execute function touch_updated_at();
grant select, insert, update on registers to tillpoint_app;
