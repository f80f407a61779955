-- Stock operations: counts, transfers between stores, suppliers and purchase orders. These are
-- documents; the stock itself only ever changes through stock_movements (0007), whose
-- reference_type/reference_id point back here ('stock_count', 'stock_transfer', 'purchase_order').
-- Quantities are integer thousandths, money integer minor units. Actor columns (*_by) hold the
-- id of whoever acted (user, device or API token); the audit trail says which kind it was.

create table stock_counts (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  store_id uuid not null,
  -- full: every tracked item of the store; cycle: only the items put on the count.
  scope text not null check (scope in ('full', 'cycle')),
  status text not null default 'draft'
    check (status in ('draft', 'submitted', 'approved', 'cancelled')),
  name text not null check (length(btrim(name)) between 1 and 100),
  note text check (length(note) <= 1000),
  -- Ticked: items not counted are set to zero at approval. Unticked: they are left alone.
  zero_uncounted boolean not null default false,
  created_by uuid,
  submitted_at timestamptz,
  submitted_by uuid,
  approved_at timestamptz,
  approved_by uuid,
  cancelled_at timestamptz,
  cancelled_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  check ((status = 'approved') = (approved_at is not null)),
  check ((status = 'cancelled') = (cancelled_at is not null)),
  check (status not in ('submitted', 'approved') or submitted_at is not null)
);
create index stock_counts_store_idx on stock_counts (tenant_id, store_id, status, id);
alter table stock_counts enable row level security;
alter table stock_counts force row level security;
create policy stock_counts_tenant on stock_counts
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger stock_counts_updated_at before update on stock_counts
  for each row execute function touch_updated_at();
grant select, insert, update on stock_counts to tillpoint_app;

create table stock_count_lines (
  tenant_id uuid not null,
  count_id uuid not null,
  variant_id uuid not null,
  -- null: put on a cycle count but not counted (yet).
  counted_milli bigint check (counted_milli >= 0),
  counted_at timestamptz,
  counted_by uuid,
  -- Frozen at approval: the level the count replaced and the movement it posted (0: none).
  on_hand_before_milli bigint,
  variance_milli bigint,
  -- Not counted, set to zero at approval because the count said "zero uncounted".
  zeroed boolean not null default false,
  primary key (tenant_id, count_id, variant_id),
  foreign key (tenant_id, count_id) references stock_counts (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id),
  check ((counted_milli is null) = (counted_at is null)),
  check ((on_hand_before_milli is null) = (variance_milli is null)),
  check (variance_milli is null or counted_milli - on_hand_before_milli = variance_milli)
);
alter table stock_count_lines enable row level security;
alter table stock_count_lines force row level security;
create policy stock_count_lines_tenant on stock_count_lines
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- delete: a counter takes a wrongly scanned item off a draft count.
grant select, insert, update, delete on stock_count_lines to tillpoint_app;

create table stock_transfers (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  from_store_id uuid not null,
  to_store_id uuid not null,
  status text not null default 'draft'
    check (status in ('draft', 'sent', 'partially_received', 'received', 'cancelled')),
  note text check (length(note) <= 1000),
  created_by uuid,
  sent_at timestamptz,
  sent_by uuid,
  received_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, from_store_id) references stores (tenant_id, id),
  foreign key (tenant_id, to_store_id) references stores (tenant_id, id),
  check (from_store_id <> to_store_id),
  check (status in ('draft', 'cancelled') or sent_at is not null),
  check ((status = 'received') = (received_at is not null)),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
create index stock_transfers_from_idx on stock_transfers (tenant_id, from_store_id, status, id);
create index stock_transfers_to_idx on stock_transfers (tenant_id, to_store_id, status, id);
alter table stock_transfers enable row level security;
alter table stock_transfers force row level security;
create policy stock_transfers_tenant on stock_transfers
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger stock_transfers_updated_at before update on stock_transfers
  for each row execute function touch_updated_at();
grant select, insert, update on stock_transfers to tillpoint_app;

create table stock_transfer_lines (
  tenant_id uuid not null,
  transfer_id uuid not null,
  variant_id uuid not null,
  -- Requested while draft; what left the source once sent.
  quantity_milli bigint not null check (quantity_milli > 0),
  received_milli bigint not null default 0 check (received_milli >= 0),
  -- Went back to the source when the rest of a sent transfer was cancelled.
  returned_milli bigint not null default 0 check (returned_milli >= 0),
  primary key (tenant_id, transfer_id, variant_id),
  foreign key (tenant_id, transfer_id) references stock_transfers (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id),
  -- Nothing arrives or returns that did not leave (an allowed over-receipt raises quantity first).
  check (received_milli + returned_milli <= quantity_milli)
);
create index stock_transfer_lines_variant_idx on stock_transfer_lines (tenant_id, variant_id);
alter table stock_transfer_lines enable row level security;
alter table stock_transfer_lines force row level security;
create policy stock_transfer_lines_tenant on stock_transfer_lines
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- delete: draft lines are replaced as a whole.
grant select, insert, update, delete on stock_transfer_lines to tillpoint_app;

create table suppliers (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 200),
  contact_name text check (length(contact_name) <= 200),
  email text check (length(email) <= 254 and email ~ '^[^@\s]+@[^@\s]+$'),
  phone text check (length(phone) <= 40),
  notes text check (length(notes) <= 2000),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index suppliers_name_key on suppliers (tenant_id, lower(name)) where archived_at is null;
alter table suppliers enable row level security;
alter table suppliers force row level security;
create policy suppliers_tenant on suppliers
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger suppliers_updated_at before update on suppliers
  for each row execute function touch_updated_at();
grant select, insert, update on suppliers to tillpoint_app;

create table purchase_orders (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  supplier_id uuid not null,
  -- The store the goods are delivered to and received in.
  store_id uuid not null,
  status text not null default 'draft'
    check (status in ('draft', 'ordered', 'partially_received', 'received', 'closed', 'cancelled')),
  -- The delivering store's currency when the order was drafted; every cost is in it.
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  -- The retailer's or supplier's own order number, for the paperwork.
  reference text check (length(btrim(reference)) between 1 and 60),
  expected_on date,
  note text check (length(note) <= 1000),
  created_by uuid,
  ordered_at timestamptz,
  ordered_by uuid,
  received_at timestamptz,
  closed_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, supplier_id) references suppliers (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  check (status in ('draft', 'cancelled') or ordered_at is not null),
  check ((status = 'received') = (received_at is not null)),
  check ((status = 'closed') = (closed_at is not null)),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
create index purchase_orders_store_idx on purchase_orders (tenant_id, store_id, status, id);
create index purchase_orders_supplier_idx on purchase_orders (tenant_id, supplier_id, id);
alter table purchase_orders enable row level security;
alter table purchase_orders force row level security;
create policy purchase_orders_tenant on purchase_orders
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger purchase_orders_updated_at before update on purchase_orders
  for each row execute function touch_updated_at();
grant select, insert, update on purchase_orders to tillpoint_app;

create table purchase_order_lines (
  tenant_id uuid not null,
  purchase_order_id uuid not null,
  variant_id uuid not null,
  ordered_milli bigint not null check (ordered_milli > 0),
  unit_cost_minor bigint not null check (unit_cost_minor >= 0),
  -- May exceed ordered_milli: over-receipt needs a permission, checked by the application.
  received_milli bigint not null default 0 check (received_milli >= 0),
  primary key (tenant_id, purchase_order_id, variant_id),
  foreign key (tenant_id, purchase_order_id) references purchase_orders (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id)
);
create index purchase_order_lines_variant_idx on purchase_order_lines (tenant_id, variant_id);
alter table purchase_order_lines enable row level security;
alter table purchase_order_lines force row level security;
create policy purchase_order_lines_tenant on purchase_order_lines
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- delete: draft lines are replaced as a whole.
grant select, insert, update, delete on purchase_order_lines to tillpoint_app;
