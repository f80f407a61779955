-- Sales engine: tax rates, tenant sales settings, customers with store credit, gift cards, cash
-- sessions, sales with lines and payments, refunds, gapless receipt numbers per register and
-- idempotency keys. Money is integer minor units of the tenant's currency (bigint); every total
-- stored here was computed by the domain money engine and is also guarded by CHECKs, so a bug
-- upstream fails the transaction rather than storing a wrong cent.

-- ---- Tenant sales settings -------------------------------------------------------------------
alter table tenants
  add column tax_mode text not null default 'exclusive'
    check (tax_mode in ('exclusive', 'inclusive')),
  add column tax_rounding text not null default 'line' check (tax_rounding in ('line', 'document')),
  add column rounding_mode text not null default 'half_up'
    check (rounding_mode in ('half_up', 'half_even')),
  -- null: the currency's smallest coin (e.g. 5 for CHF, 1 for USD).
  add column cash_increment_minor bigint check (cash_increment_minor > 0),
  add column refund_destination text not null default 'original_tenders'
    check (refund_destination in ('original_tenders', 'store_credit')),
  -- Largest discount (parts per million of a line's or order's gross) each role may give without
  -- a manager's approval. Roles not listed may give any discount.
  add column discount_limits jsonb not null default '{"cashier": 100000}'::jsonb
    check (jsonb_typeof(discount_limits) = 'object');

-- ---- Tax rates -------------------------------------------------------------------------------
create table tax_rates (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  code text not null check (code ~ '^[A-Z0-9_-]{1,32}$'),
  name text not null check (length(btrim(name)) between 1 and 100),
  -- Parts per million: 88750 = 8.875 %.
  rate_ppm integer not null check (rate_ppm between 0 and 1000000),
  -- Charged on the net plus the rates before it on the line (e.g. Quebec QST before 2013).
  compound boolean not null default false,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index tax_rates_code_key on tax_rates (tenant_id, code);
alter table tax_rates enable row level security;
alter table tax_rates force row level security;
create policy tax_rates_tenant on tax_rates
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger tax_rates_updated_at before update on tax_rates
  for each row execute function touch_updated_at();
grant select, insert, update on tax_rates to tillpoint_app;

-- Products without a tax category are taxed by the tenant's default category (at most one).
alter table tax_categories add column is_default boolean not null default false;
create unique index tax_categories_one_default on tax_categories (tenant_id) where is_default;

-- Which rates a tax category charges, in order (order matters for compound rates). Rows with a
-- store_id replace the tenant-wide set for that category in that store (a store in another
-- city or state); rows without one apply everywhere else.
create table tax_category_rates (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  tax_category_id uuid not null,
  tax_rate_id uuid not null,
  store_id uuid,
  position smallint not null check (position between 0 and 20),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, tax_category_id) references tax_categories (tenant_id, id),
  foreign key (tenant_id, tax_rate_id) references tax_rates (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);
create unique index tax_category_rates_key
  on tax_category_rates (tenant_id, tax_category_id, coalesce(store_id, '00000000-0000-0000-0000-000000000000'::uuid), tax_rate_id);
alter table tax_category_rates enable row level security;
alter table tax_category_rates force row level security;
create policy tax_category_rates_tenant on tax_category_rates
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update, delete on tax_category_rates to tillpoint_app;

-- ---- Customers and store credit --------------------------------------------------------------
create table customers (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 200),
  email text check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  phone text check (phone ~ '^\+?[0-9 ()-]{3,32}$'),
  notes text not null default '' check (length(notes) <= 2000),
  tax_exempt boolean not null default false,
  tax_exempt_reference text check (length(tax_exempt_reference) <= 100),
  -- Cached sum of store_credit_entries; changed only together with an entry (same statement).
  store_credit_minor bigint not null default 0 check (store_credit_minor >= 0),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (tax_exempt or tax_exempt_reference is null)
);
create unique index customers_email_key on customers (tenant_id, lower(email))
  where email is not null and archived_at is null;
create index customers_name_trgm on customers using gin (tenant_id, name gin_trgm_ops);
create index customers_phone_idx on customers (tenant_id, phone) where phone is not null;
alter table customers enable row level security;
alter table customers force row level security;
create policy customers_tenant on customers
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger customers_updated_at before update on customers
  for each row execute function touch_updated_at();
grant select, insert, update on customers to tillpoint_app;

-- ---- Cash sessions (declared before sales: payments point at them) ---------------------------
create table cash_sessions (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  store_id uuid not null,
  register_id uuid not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  opened_by uuid not null,
  opened_at timestamptz not null default now(),
  -- Denomination counts as counted: {"2000": 3, "500": 4, ...} keyed by value in minor units.
  opening_count jsonb not null check (jsonb_typeof(opening_count) = 'object'),
  opening_float_minor bigint not null check (opening_float_minor >= 0),
  closed_by uuid,
  closed_at timestamptz,
  closing_count jsonb check (jsonb_typeof(closing_count) = 'object'),
  counted_minor bigint check (counted_minor >= 0),
  -- What the drawer should have held at close (float + cash in − cash out), fixed at close.
  expected_minor bigint,
  -- counted − expected: positive over, negative short.
  over_short_minor bigint,
  closing_note text check (length(closing_note) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, register_id) references registers (tenant_id, id),
  foreign key (tenant_id, opened_by) references users (tenant_id, id),
  foreign key (tenant_id, closed_by) references users (tenant_id, id),
  check (
    (status = 'open' and closed_at is null and counted_minor is null and expected_minor is null)
    or (status = 'closed' and closed_at is not null and closed_by is not null
        and counted_minor is not null and expected_minor is not null
        and over_short_minor = counted_minor - expected_minor)
  )
);
-- One open drawer per register.
create unique index cash_sessions_one_open on cash_sessions (tenant_id, register_id)
  where status = 'open';
create index cash_sessions_register_idx on cash_sessions (tenant_id, register_id, opened_at desc);
alter table cash_sessions enable row level security;
alter table cash_sessions force row level security;
create policy cash_sessions_tenant on cash_sessions
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger cash_sessions_updated_at before update on cash_sessions
  for each row execute function touch_updated_at();
grant select, insert, update on cash_sessions to tillpoint_app;

-- Cash put in or taken out of the drawer outside a sale, and drawer opens without a sale.
create table cash_movements (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  cash_session_id uuid not null,
  kind text not null check (kind in ('pay_in', 'pay_out', 'no_sale')),
  amount_minor bigint not null,
  reason text check (length(btrim(reason)) between 1 and 200),
  approval_id uuid,
  actor_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, cash_session_id) references cash_sessions (tenant_id, id),
  check ((kind = 'no_sale' and amount_minor = 0) or (kind <> 'no_sale' and amount_minor > 0)),
  check (kind = 'no_sale' or reason is not null)
);
create index cash_movements_session_idx on cash_movements (tenant_id, cash_session_id);
alter table cash_movements enable row level security;
alter table cash_movements force row level security;
create policy cash_movements_tenant on cash_movements
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on cash_movements to tillpoint_app;

-- ---- Receipt numbers: gapless per register ---------------------------------------------------
-- The next number is taken by incrementing registers.last_receipt_number inside the document's
-- transaction (the row lock orders completions on one register; a rollback returns the number),
-- and recorded here, so a gap or a duplicate is impossible and checkable.
alter table registers add column last_receipt_number bigint not null default 0
  check (last_receipt_number >= 0);

create table receipt_numbers (
  tenant_id uuid not null,
  register_id uuid not null,
  number bigint not null check (number > 0),
  document_type text not null check (document_type in ('sale', 'refund')),
  document_id uuid not null,
  issued_at timestamptz not null default now(),
  primary key (tenant_id, register_id, number),
  unique (tenant_id, document_type, document_id),
  foreign key (tenant_id, register_id) references registers (tenant_id, id)
);
alter table receipt_numbers enable row level security;
alter table receipt_numbers force row level security;
create policy receipt_numbers_tenant on receipt_numbers
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on receipt_numbers to tillpoint_app;

-- ---- Sales -----------------------------------------------------------------------------------
create table sales (
  tenant_id uuid not null references tenants (id),
  -- The register may choose the id (UUID) so an offline sale keeps it when synced.
  id uuid not null default uuid_v7(),
  store_id uuid not null,
  register_id uuid not null,
  cash_session_id uuid,
  status text not null default 'open' check (status in ('open', 'parked', 'completed', 'voided')),
  receipt_number bigint check (receipt_number > 0),
  customer_id uuid,
  cashier_id uuid,
  device_id uuid,
  -- Pricing terms fixed when the sale was opened, so a settings change never reprices it.
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  tax_mode text not null check (tax_mode in ('exclusive', 'inclusive')),
  tax_rounding text not null check (tax_rounding in ('line', 'document')),
  rounding_mode text not null check (rounding_mode in ('half_up', 'half_even')),
  cash_increment_minor bigint not null check (cash_increment_minor > 0),
  tax_exempt boolean not null default false,
  -- {"kind": "percent", "ppm": 100000} or {"kind": "fixed", "amountMinor": 500}
  order_discount jsonb check (order_discount is null or jsonb_typeof(order_discount) = 'object'),
  -- Totals: each is the exact sum of the same field over the lines (the domain engine's rule).
  gross_minor bigint not null default 0 check (gross_minor >= 0),
  line_discount_minor bigint not null default 0 check (line_discount_minor >= 0),
  order_discount_minor bigint not null default 0 check (order_discount_minor >= 0),
  subtotal_minor bigint not null default 0 check (subtotal_minor >= 0),
  tax_minor bigint not null default 0 check (tax_minor >= 0),
  exempt_tax_removed_minor bigint not null default 0 check (exempt_tax_removed_minor >= 0),
  total_minor bigint not null default 0 check (total_minor >= 0),
  tax_totals jsonb not null default '[]'::jsonb check (jsonb_typeof(tax_totals) = 'array'),
  -- Part of the total settled by payments (applied − cash rounding); never more than the total.
  paid_minor bigint not null default 0 check (paid_minor >= 0 and paid_minor <= total_minor),
  change_minor bigint not null default 0 check (change_minor >= 0),
  cash_rounding_minor bigint not null default 0,
  -- Sum of refund totals against this sale (refunds, reversal).
  refunded_minor bigint not null default 0 check (refunded_minor >= 0),
  origin text not null default 'online' check (origin in ('online', 'offline')),
  -- The register's clock when the sale happened (offline sales keep it).
  occurred_at timestamptz not null default now(),
  -- Things that no longer held when an offline sale was synced (e.g. stock went negative).
  flags jsonb not null default '[]'::jsonb check (jsonb_typeof(flags) = 'array'),
  note text check (length(note) <= 1000),
  version integer not null default 0 check (version >= 0),
  parked_at timestamptz,
  completed_at timestamptz,
  voided_at timestamptz,
  void_reason text check (length(void_reason) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, register_id) references registers (tenant_id, id),
  foreign key (tenant_id, cash_session_id) references cash_sessions (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, cashier_id) references users (tenant_id, id),
  check (gross_minor = line_discount_minor + order_discount_minor
    + (case when tax_mode = 'inclusive' then total_minor + exempt_tax_removed_minor else subtotal_minor end)),
  check (total_minor = subtotal_minor + tax_minor),
  check (refunded_minor <= paid_minor),
  check ((status = 'completed') = (completed_at is not null)),
  check (status <> 'completed' or (paid_minor = total_minor and receipt_number is not null)),
  check (status = 'completed' or receipt_number is null),
  check ((status = 'voided') = (voided_at is not null))
);
create unique index sales_receipt_key on sales (tenant_id, register_id, receipt_number)
  where receipt_number is not null;
create index sales_store_completed_idx on sales (tenant_id, store_id, completed_at desc)
  where status = 'completed';
create index sales_open_idx on sales (tenant_id, register_id, status) where status in ('open', 'parked');
create index sales_customer_idx on sales (tenant_id, customer_id, completed_at desc)
  where customer_id is not null;
create index sales_cash_session_idx on sales (tenant_id, cash_session_id) where cash_session_id is not null;
alter table sales enable row level security;
alter table sales force row level security;
create policy sales_tenant on sales
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger sales_updated_at before update on sales
  for each row execute function touch_updated_at();
grant select, insert, update on sales to tillpoint_app;

-- ---- Gift cards (declared before lines and payments that point at them) ----------------------
create table gift_cards (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  -- The card number is a bearer secret: only its SHA-256 is stored, plus the last 4 for display.
  code_hash bytea not null check (length(code_hash) = 32),
  code_last4 text not null check (code_last4 ~ '^[0-9A-Z]{4}$'),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  -- Cached sum of gift_card_entries; changed only together with an entry.
  balance_minor bigint not null default 0 check (balance_minor >= 0),
  status text not null default 'active' check (status in ('active', 'disabled')),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index gift_cards_code_key on gift_cards (tenant_id, code_hash);
alter table gift_cards enable row level security;
alter table gift_cards force row level security;
create policy gift_cards_tenant on gift_cards
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger gift_cards_updated_at before update on gift_cards
  for each row execute function touch_updated_at();
grant select, insert, update on gift_cards to tillpoint_app;

create table sale_lines (
  tenant_id uuid not null,
  sale_id uuid not null,
  id uuid not null default uuid_v7(),
  position integer not null check (position >= 0),
  -- item: a catalog variant. gift_card: selling or topping up a gift card (a liability, untaxed).
  kind text not null check (kind in ('item', 'gift_card')),
  variant_id uuid,
  gift_card_id uuid,
  -- Snapshot of what was sold, so a later catalog change never rewrites a receipt.
  name text not null check (length(name) between 1 and 300),
  sku text check (length(sku) <= 64),
  unit text not null check (unit in ('each', 'weight')),
  quantity_milli bigint not null check (quantity_milli > 0),
  list_unit_price_minor bigint not null check (list_unit_price_minor >= 0),
  price_override_minor bigint check (price_override_minor >= 0),
  unit_price_minor bigint not null check (unit_price_minor >= 0),
  discount jsonb check (discount is null or jsonb_typeof(discount) = 'object'),
  tax_category_id uuid,
  -- The rates charged: [{"id": ..., "ratePpm": ..., "compound": ...}] as used by the engine.
  tax_rates jsonb not null default '[]'::jsonb check (jsonb_typeof(tax_rates) = 'array'),
  gross_minor bigint not null check (gross_minor >= 0),
  line_discount_minor bigint not null check (line_discount_minor >= 0),
  order_discount_minor bigint not null check (order_discount_minor >= 0),
  net_minor bigint not null check (net_minor >= 0),
  tax_minor bigint not null check (tax_minor >= 0),
  exempt_tax_removed_minor bigint not null check (exempt_tax_removed_minor >= 0),
  total_minor bigint not null check (total_minor >= 0),
  -- [{"rateId": ..., "ratePpm": ..., "taxMinor": ...}]
  line_taxes jsonb not null default '[]'::jsonb check (jsonb_typeof(line_taxes) = 'array'),
  -- Cumulative quantity given back by refunds; the CHECK is the last guard against over-refunds.
  refunded_quantity_milli bigint not null default 0
    check (refunded_quantity_milli >= 0 and refunded_quantity_milli <= quantity_milli),
  price_override_approval_id uuid,
  discount_approval_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, sale_id, position),
  foreign key (tenant_id, sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id),
  foreign key (tenant_id, gift_card_id) references gift_cards (tenant_id, id),
  foreign key (tenant_id, tax_category_id) references tax_categories (tenant_id, id),
  check ((kind = 'item') = (variant_id is not null)),
  check (kind <> 'gift_card' or (gift_card_id is not null and tax_minor = 0 and unit = 'each')),
  check (total_minor = net_minor + tax_minor)
);
create index sale_lines_sale_idx on sale_lines (tenant_id, sale_id, position);
create index sale_lines_variant_idx on sale_lines (tenant_id, variant_id) where variant_id is not null;
alter table sale_lines enable row level security;
alter table sale_lines force row level security;
create policy sale_lines_tenant on sale_lines
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update, delete on sale_lines to tillpoint_app;

create table sale_payments (
  tenant_id uuid not null,
  sale_id uuid not null,
  id uuid not null default uuid_v7(),
  position integer not null check (position >= 0),
  kind text not null check (kind in ('cash', 'card', 'gift_card', 'store_credit', 'external', 'other')),
  -- What the customer handed over; applied = what the store keeps; change given back in cash.
  tendered_minor bigint not null check (tendered_minor > 0),
  applied_minor bigint not null check (applied_minor >= 0),
  change_minor bigint not null check (change_minor >= 0),
  cash_rounding_minor bigint not null default 0,
  status text not null default 'captured' check (status in ('captured', 'reversed')),
  -- Cumulative amount given back to this tender by refunds; never more than it applied.
  refunded_minor bigint not null default 0
    check (refunded_minor >= 0 and refunded_minor <= applied_minor),
  gift_card_id uuid,
  customer_id uuid,
  cash_session_id uuid,
  -- Approval code from an external card terminal, a cheque number...
  reference text check (length(reference) between 1 and 100),
  occurred_at timestamptz not null default now(),
  reversed_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, sale_id, position),
  foreign key (tenant_id, sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, gift_card_id) references gift_cards (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, cash_session_id) references cash_sessions (tenant_id, id),
  check (tendered_minor = applied_minor + change_minor),
  check (kind = 'cash' or (change_minor = 0 and cash_rounding_minor = 0)),
  check ((kind = 'gift_card') = (gift_card_id is not null)),
  check ((kind = 'store_credit') = (customer_id is not null)),
  check (kind <> 'external' or reference is not null),
  check ((status = 'reversed') = (reversed_at is not null))
);
create index sale_payments_sale_idx on sale_payments (tenant_id, sale_id, position);
create index sale_payments_session_idx on sale_payments (tenant_id, cash_session_id)
  where cash_session_id is not null;
alter table sale_payments enable row level security;
alter table sale_payments force row level security;
create policy sale_payments_tenant on sale_payments
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on sale_payments to tillpoint_app;

-- ---- Refunds ---------------------------------------------------------------------------------
create table refunds (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  -- null: a refund without a receipt (manager approval).
  sale_id uuid,
  -- refund: lines given back. reversal: a whole same-day sale undone. exchange: a refund settled
  -- against a new sale (exchange_sale_id).
  kind text not null check (kind in ('refund', 'reversal', 'exchange')),
  store_id uuid not null,
  register_id uuid not null,
  cash_session_id uuid,
  receipt_number bigint not null check (receipt_number > 0),
  customer_id uuid,
  destination text not null check (destination in ('original_tenders', 'store_credit', 'cash', 'exchange')),
  reason text check (length(reason) <= 500),
  approval_id uuid,
  exchange_sale_id uuid,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  gross_minor bigint not null check (gross_minor >= 0),
  line_discount_minor bigint not null check (line_discount_minor >= 0),
  order_discount_minor bigint not null check (order_discount_minor >= 0),
  subtotal_minor bigint not null check (subtotal_minor >= 0),
  tax_minor bigint not null check (tax_minor >= 0),
  exempt_tax_removed_minor bigint not null check (exempt_tax_removed_minor >= 0),
  total_minor bigint not null check (total_minor >= 0),
  tax_totals jsonb not null default '[]'::jsonb check (jsonb_typeof(tax_totals) = 'array'),
  -- Money actually handed back: total + cash rounding of the cash part.
  paid_out_minor bigint not null check (paid_out_minor >= 0),
  cash_rounding_minor bigint not null default 0,
  origin text not null default 'online' check (origin in ('online', 'offline')),
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (id),
  foreign key (tenant_id, sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, exchange_sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, register_id) references registers (tenant_id, id),
  foreign key (tenant_id, cash_session_id) references cash_sessions (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  check (total_minor = subtotal_minor + tax_minor),
  check (paid_out_minor = total_minor + cash_rounding_minor),
  check (sale_id is not null or approval_id is not null),
  check ((kind = 'exchange') = (exchange_sale_id is not null)),
  check (kind <> 'reversal' or sale_id is not null)
);
create unique index refunds_receipt_key on refunds (tenant_id, register_id, receipt_number);
create index refunds_sale_idx on refunds (tenant_id, sale_id) where sale_id is not null;
create index refunds_cash_session_idx on refunds (tenant_id, cash_session_id)
  where cash_session_id is not null;
-- At most one reversal per sale.
create unique index refunds_one_reversal on refunds (tenant_id, sale_id) where kind = 'reversal';
alter table refunds enable row level security;
alter table refunds force row level security;
create policy refunds_tenant on refunds
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on refunds to tillpoint_app;

create table refund_lines (
  tenant_id uuid not null,
  refund_id uuid not null,
  id uuid not null default uuid_v7(),
  position integer not null check (position >= 0),
  -- null for a refund without receipt (priced from the catalog with manager approval).
  sale_line_id uuid,
  variant_id uuid,
  name text not null check (length(name) between 1 and 300),
  quantity_milli bigint not null check (quantity_milli > 0),
  gross_minor bigint not null check (gross_minor >= 0),
  line_discount_minor bigint not null check (line_discount_minor >= 0),
  order_discount_minor bigint not null check (order_discount_minor >= 0),
  net_minor bigint not null check (net_minor >= 0),
  tax_minor bigint not null check (tax_minor >= 0),
  exempt_tax_removed_minor bigint not null check (exempt_tax_removed_minor >= 0),
  total_minor bigint not null check (total_minor >= 0),
  line_taxes jsonb not null default '[]'::jsonb check (jsonb_typeof(line_taxes) = 'array'),
  restock boolean not null,
  -- Why an item does (or does not) go back on the shelf: 'resellable', 'damaged', ...
  restock_reason text check (length(btrim(restock_reason)) between 1 and 100),
  primary key (tenant_id, id),
  unique (tenant_id, refund_id, position),
  foreign key (tenant_id, refund_id) references refunds (tenant_id, id),
  foreign key (tenant_id, sale_line_id) references sale_lines (tenant_id, id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id),
  check (total_minor = net_minor + tax_minor),
  check (not restock or variant_id is not null)
);
create index refund_lines_sale_line_idx on refund_lines (tenant_id, sale_line_id)
  where sale_line_id is not null;
alter table refund_lines enable row level security;
alter table refund_lines force row level security;
create policy refund_lines_tenant on refund_lines
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on refund_lines to tillpoint_app;

create table refund_payments (
  tenant_id uuid not null,
  refund_id uuid not null,
  id uuid not null default uuid_v7(),
  position integer not null check (position >= 0),
  kind text not null check (kind in ('cash', 'card', 'gift_card', 'store_credit', 'external', 'other', 'exchange')),
  amount_minor bigint not null check (amount_minor > 0),
  -- The original tender this money goes back to; null for new store credit or exchange value.
  sale_payment_id uuid,
  gift_card_id uuid,
  customer_id uuid,
  cash_session_id uuid,
  reference text check (length(reference) between 1 and 100),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, refund_id, position),
  foreign key (tenant_id, refund_id) references refunds (tenant_id, id),
  foreign key (tenant_id, sale_payment_id) references sale_payments (tenant_id, id),
  foreign key (tenant_id, gift_card_id) references gift_cards (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, cash_session_id) references cash_sessions (tenant_id, id),
  check ((kind = 'gift_card') = (gift_card_id is not null)),
  check ((kind = 'store_credit') = (customer_id is not null))
);
create index refund_payments_refund_idx on refund_payments (tenant_id, refund_id);
create index refund_payments_session_idx on refund_payments (tenant_id, cash_session_id)
  where cash_session_id is not null;
alter table refund_payments enable row level security;
alter table refund_payments force row level security;
create policy refund_payments_tenant on refund_payments
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on refund_payments to tillpoint_app;

-- ---- Ledgers of stored value -----------------------------------------------------------------
create table store_credit_entries (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  customer_id uuid not null,
  -- refund_credit: a refund paid as credit (+). payment: spent on a sale (−). payment_reversal:
  -- a voided or refunded payment given back (+). adjustment: a manager's correction (±, reason).
  kind text not null check (kind in ('refund_credit', 'payment', 'payment_reversal', 'adjustment')),
  amount_minor bigint not null check (amount_minor <> 0),
  balance_after_minor bigint not null check (balance_after_minor >= 0),
  sale_id uuid,
  refund_id uuid,
  reason text check (length(btrim(reason)) between 1 and 200),
  actor_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, refund_id) references refunds (tenant_id, id),
  check (kind <> 'adjustment' or reason is not null),
  check ((kind = 'payment') = (amount_minor < 0) or kind = 'adjustment')
);
create index store_credit_entries_customer_idx on store_credit_entries (tenant_id, customer_id, created_at);
alter table store_credit_entries enable row level security;
alter table store_credit_entries force row level security;
create policy store_credit_entries_tenant on store_credit_entries
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on store_credit_entries to tillpoint_app;

create table gift_card_entries (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  gift_card_id uuid not null,
  -- issue / top_up: sold on a sale line (+). redeem: spent as a tender (−). redeem_reversal: a
  -- voided or refunded gift-card payment given back (+). refund_credit: a refund paid onto the
  -- card (+). adjustment: a manager's correction (±, reason).
  kind text not null check (kind in ('issue', 'top_up', 'redeem', 'redeem_reversal', 'refund_credit', 'adjustment')),
  amount_minor bigint not null check (amount_minor <> 0),
  balance_after_minor bigint not null check (balance_after_minor >= 0),
  sale_id uuid,
  refund_id uuid,
  reason text check (length(btrim(reason)) between 1 and 200),
  actor_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, gift_card_id) references gift_cards (tenant_id, id),
  foreign key (tenant_id, sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, refund_id) references refunds (tenant_id, id),
  check (kind <> 'adjustment' or reason is not null),
  check ((kind = 'redeem') = (amount_minor < 0) or kind = 'adjustment')
);
create index gift_card_entries_card_idx on gift_card_entries (tenant_id, gift_card_id, created_at);
alter table gift_card_entries enable row level security;
alter table gift_card_entries force row level security;
create policy gift_card_entries_tenant on gift_card_entries
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on gift_card_entries to tillpoint_app;

-- ---- Idempotency keys ------------------------------------------------------------------------
-- One row per (tenant, key): the first request stores its fingerprint (method, route, body hash)
-- and, once done, its response; a replay gets that response back; the same key with another
-- fingerprint is refused. Kept at least 24 hours (expires_at), then purged by a job.
create table idempotency_keys (
  tenant_id uuid not null references tenants (id),
  key text not null check (key ~ '^[A-Za-z0-9._:-]{8,255}$'),
  actor_id uuid not null,
  method text not null check (method in ('POST', 'PUT', 'PATCH', 'DELETE')),
  route text not null check (length(route) between 1 and 300),
  request_hash bytea not null check (length(request_hash) = 32),
  status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
  response_status integer check (response_status between 100 and 599),
  response_body jsonb,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  expires_at timestamptz not null default now() + interval '24 hours',
  primary key (tenant_id, key),
  check (expires_at >= created_at + interval '24 hours'),
  check ((status = 'completed') = (response_status is not null and completed_at is not null))
);
create index idempotency_keys_expiry_idx on idempotency_keys (expires_at);
alter table idempotency_keys enable row level security;
alter table idempotency_keys force row level security;
create policy idempotency_keys_tenant on idempotency_keys
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- The purge job runs per tenant inside withTenant; delete is limited to expired rows by the job.
grant select, insert, update, delete on idempotency_keys to tillpoint_app;
