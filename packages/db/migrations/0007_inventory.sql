-- Inventory: every change of stock is a row in the append-only movement ledger, and each level is
-- the sum of its movements (kept current in the same transaction, and rebuildable from them).
-- Quantities are integer thousandths (1 each = 1000, 1.235 kg = 1235).

-- Offline registers must be able to sell what the server thinks is gone; retailers choose.
alter table tenants add column allow_negative_stock boolean not null default false;

create table stock_levels (
  tenant_id uuid not null,
  store_id uuid not null,
  variant_id uuid not null,
  on_hand_milli bigint not null default 0,
  committed_milli bigint not null default 0 check (committed_milli >= 0),
  reorder_point_milli bigint check (reorder_point_milli >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, store_id, variant_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id)
);
create index stock_levels_variant_idx on stock_levels (tenant_id, variant_id);
alter table stock_levels enable row level security;
alter table stock_levels force row level security;
create policy stock_levels_tenant on stock_levels
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on stock_levels to tillpoint_app;

create table stock_movements (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  store_id uuid not null,
  variant_id uuid not null,
  kind text not null check (kind in ('received', 'adjusted', 'sold', 'returned', 'transferred_out',
    'transferred_in', 'counted')),
  quantity_milli bigint not null check (quantity_milli <> 0),
  on_hand_after_milli bigint not null,
  reason text check (reason ~ '^[a-z_]{1,40}$'),
  note text check (length(note) <= 500),
  unit_cost_minor bigint check (unit_cost_minor >= 0),
  reference_type text check (reference_type ~ '^[a-z_]{1,40}$'),
  reference_id uuid,
  actor_type text not null check (actor_type in ('user', 'device', 'api_token', 'system')),
  actor_id uuid,
  device_id uuid,
  -- When it happened at the till (an offline sale keeps the register's time); recorded_at is ours.
  occurred_at timestamptz not null default now(),
  recorded_at timestamptz not null default clock_timestamp(),
  primary key (tenant_id, id),
  check (
    (kind in ('received', 'returned', 'transferred_in') and quantity_milli > 0)
    or (kind in ('sold', 'transferred_out') and quantity_milli < 0)
    or kind in ('adjusted', 'counted')
  ),
  check (kind <> 'adjusted' or reason is not null),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id)
);
create index stock_movements_level_idx on stock_movements (tenant_id, store_id, variant_id, recorded_at);
create index stock_movements_reference_idx on stock_movements (tenant_id, reference_type, reference_id);
alter table stock_movements enable row level security;
alter table stock_movements force row level security;
create policy stock_movements_tenant on stock_movements
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- The ledger is append-only for the application.
grant select, insert on stock_movements to tillpoint_app;
