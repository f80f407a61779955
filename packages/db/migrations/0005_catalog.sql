-- Catalog: products with variants, barcodes, categories with attribute definitions, tax
-- categories, per-store prices and price/weight-embedded barcode layouts. Money is integer minor
-- units of the tenant's currency. Items are archived, never deleted: sales keep pointing at them.

-- Trigram search on names; btree_gin lets one GIN index lead with tenant_id so a search only
-- walks the tenant's own entries. Both are trusted extensions (no superuser needed).
create extension if not exists pg_trgm;
create extension if not exists btree_gin;

create table tax_categories (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 100),
  code text not null check (code ~ '^[A-Z0-9_-]{1,32}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index tax_categories_code_key on tax_categories (tenant_id, code);
alter table tax_categories enable row level security;
alter table tax_categories force row level security;
create policy tax_categories_tenant on tax_categories
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger tax_categories_updated_at before update on tax_categories
  for each row execute function touch_updated_at();
grant select, insert, update on tax_categories to tillpoint_app;

create table categories (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  parent_id uuid,
  name text not null check (length(btrim(name)) between 1 and 100),
  -- [{key, label, type, options?, required}], checked by the domain rules before every write.
  attribute_definitions jsonb not null default '[]'::jsonb
    check (jsonb_typeof(attribute_definitions) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (parent_id <> id),
  foreign key (tenant_id, parent_id) references categories (tenant_id, id)
);
create unique index categories_name_key on categories (tenant_id, parent_id, lower(name))
  nulls not distinct;
alter table categories enable row level security;
alter table categories force row level security;
create policy categories_tenant on categories
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger categories_updated_at before update on categories
  for each row execute function touch_updated_at();
grant select, insert, update on categories to tillpoint_app;

create table products (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 200),
  description text not null default '' check (length(description) <= 5000),
  category_id uuid,
  -- null: the tenant's default tax treatment (rates arrive with the sales engine).
  tax_category_id uuid,
  -- weight: priced per kilogram, sold in thousandths (grams).
  unit text not null default 'each' check (unit in ('each', 'weight')),
  track_stock boolean not null default true,
  option_names text[] not null default '{}' check (cardinality(option_names) <= 3),
  attributes jsonb not null default '{}'::jsonb check (jsonb_typeof(attributes) = 'object'),
  -- Lower-cased name for ordering and cursors. Stored so queries compare it with plain text
  -- operators: under RLS only LEAKPROOF operators can become index conditions, and lower() is not.
  sort_name text generated always as (lower(name)) stored,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, category_id) references categories (tenant_id, id),
  foreign key (tenant_id, tax_category_id) references tax_categories (tenant_id, id)
);
create index products_name_trgm_idx on products using gin (tenant_id, name gin_trgm_ops);
create index products_name_order_idx on products (tenant_id, sort_name, id);
create index products_attributes_idx on products using gin (tenant_id, attributes jsonb_path_ops);
create index products_category_idx on products (tenant_id, category_id);
create index products_tax_category_idx on products (tenant_id, tax_category_id);
alter table products enable row level security;
alter table products force row level security;
create policy products_tenant on products
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger products_updated_at before update on products
  for each row execute function touch_updated_at();
grant select, insert, update on products to tillpoint_app;

create table variants (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  product_id uuid not null,
  sku text not null check (length(sku) between 1 and 64 and sku = btrim(sku)),
  -- SKUs are unique and searched case-insensitively; see products.sort_name for why it is stored.
  sku_key text generated always as (lower(sku)) stored,
  option_values text[] not null default '{}' check (cardinality(option_values) <= 3),
  price_minor bigint not null check (price_minor >= 0),
  -- null: cost not known yet.
  cost_minor bigint check (cost_minor >= 0),
  -- Item code inside price/weight-embedded barcodes; no leading zeros (see normalizePlu).
  plu text check (plu ~ '^[1-9][0-9]{0,9}$'),
  position integer not null default 0,
  archived_at timestamptz,
  -- The transaction that last changed what a register stores for this variant (the variant, its
  -- product, barcodes or store prices). The delta feed reads it; see catalog_stamp_variant.
  change_xid xid8 not null default pg_current_xact_id(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, product_id) references products (tenant_id, id)
);
-- text_pattern_ops: the same index answers equality (uniqueness) and prefix ranges
-- (sku_key ~>=~ 'ab' and sku_key ~<~ ...), whose operators are LEAKPROOF and so usable under RLS.
create unique index variants_sku_key on variants (tenant_id, sku_key text_pattern_ops);
create unique index variants_plu_key on variants (tenant_id, plu) where plu is not null;
create unique index variants_options_key on variants (tenant_id, product_id, option_values)
  where archived_at is null;
create index variants_product_idx on variants (tenant_id, product_id, position, id);
create index variants_change_idx on variants (tenant_id, change_xid, id);
alter table variants enable row level security;
alter table variants force row level security;
create policy variants_tenant on variants
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on variants to tillpoint_app;

-- Always the writing transaction's id: a caller cannot backdate a change past a register's cursor.
create or replace function catalog_stamp_variant() returns trigger
  language plpgsql
  as $$
begin
  new.change_xid := pg_current_xact_id();
  if tg_op = 'UPDATE' then
    new.updated_at := now();
  end if;
  return new;
end
$$;
create trigger variants_stamp before insert or update on variants
  for each row execute function catalog_stamp_variant();

create table variant_barcodes (
  tenant_id uuid not null,
  variant_id uuid not null,
  -- As entered, for display and labels.
  code text not null check (code ~ '^[\x21-\x7E]{1,48}$'),
  kind text not null check (kind in ('ean13', 'upca', 'ean8', 'internal')),
  -- What a scanner's reading is compared with: valid GTINs as GTIN-14, others as printed.
  lookup_key text not null check (lookup_key ~ '^[\x21-\x7E]{1,48}$'),
  -- clock_timestamp: barcodes added in one transaction keep the order they were given in.
  created_at timestamptz not null default clock_timestamp(),
  primary key (tenant_id, lookup_key),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id)
);
create index variant_barcodes_variant_idx on variant_barcodes (tenant_id, variant_id);
alter table variant_barcodes enable row level security;
alter table variant_barcodes force row level security;
create policy variant_barcodes_tenant on variant_barcodes
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, delete on variant_barcodes to tillpoint_app;

create table variant_store_prices (
  tenant_id uuid not null,
  variant_id uuid not null,
  store_id uuid not null,
  price_minor bigint not null check (price_minor >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, variant_id, store_id),
  foreign key (tenant_id, variant_id) references variants (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);
alter table variant_store_prices enable row level security;
alter table variant_store_prices force row level security;
create policy variant_store_prices_tenant on variant_store_prices
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger variant_store_prices_updated_at before update on variant_store_prices
  for each row execute function touch_updated_at();
grant select, insert, update, delete on variant_store_prices to tillpoint_app;

create table embedded_barcode_rules (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 100),
  prefix text not null check (prefix ~ '^[0-9]{1,3}$'),
  item_code_length smallint not null check (item_code_length between 1 and 6),
  value_length smallint not null check (value_length between 3 and 6),
  value_kind text not null check (value_kind in ('price', 'weight')),
  barcode_length smallint not null check (barcode_length in (12, 13)),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (length(prefix) + item_code_length + value_length + 1 = barcode_length)
);
create unique index embedded_barcode_rules_prefix_key
  on embedded_barcode_rules (tenant_id, barcode_length, prefix);
alter table embedded_barcode_rules enable row level security;
alter table embedded_barcode_rules force row level security;
create policy embedded_barcode_rules_tenant on embedded_barcode_rules
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, delete on embedded_barcode_rules to tillpoint_app;

-- What a register stores per variant also comes from its product, barcodes, store prices and tax
-- category. A change there re-stamps the variants it shows up in (the UPDATE fires
-- catalog_stamp_variant), so the delta feed needs only variants.change_xid.
create or replace function catalog_touch_product_variants() returns trigger
  language plpgsql
  as $$
begin
  update variants set change_xid = pg_current_xact_id()
    where tenant_id = new.tenant_id and product_id = new.id;
  return null;
end
$$;
create trigger products_touch_variants after update on products
  for each row
  when ((old.name, old.tax_category_id, old.unit, old.track_stock, old.archived_at, old.option_names)
    is distinct from
    (new.name, new.tax_category_id, new.unit, new.track_stock, new.archived_at, new.option_names))
  execute function catalog_touch_product_variants();

create or replace function catalog_touch_variant_of_row() returns trigger
  language plpgsql
  as $$
declare
  changed record;
begin
  if tg_op = 'DELETE' then
    changed := old;
  else
    changed := new;
  end if;
  update variants set change_xid = pg_current_xact_id()
    where tenant_id = changed.tenant_id and id = changed.variant_id;
  if tg_op = 'UPDATE' and old.variant_id is distinct from new.variant_id then
    update variants set change_xid = pg_current_xact_id()
      where tenant_id = old.tenant_id and id = old.variant_id;
  end if;
  return null;
end
$$;
create trigger variant_barcodes_touch_variant after insert or update or delete on variant_barcodes
  for each row execute function catalog_touch_variant_of_row();
create trigger variant_store_prices_touch_variant
  after insert or update or delete on variant_store_prices
  for each row execute function catalog_touch_variant_of_row();

-- Registers store the tax category's code with each item; recoding one is rare, re-stamp its items.
create or replace function catalog_touch_tax_category_variants() returns trigger
  language plpgsql
  as $$
begin
  update variants v set change_xid = pg_current_xact_id()
    from products p
    where p.tenant_id = new.tenant_id and p.tax_category_id = new.id
      and v.tenant_id = p.tenant_id and v.product_id = p.id;
  return null;
end
$$;
create trigger tax_categories_touch_variants after update on tax_categories
  for each row when (old.code is distinct from new.code)
  execute function catalog_touch_tax_category_variants();

-- Name and attribute search need pg_trgm's and jsonb's operators, which are not LEAKPROOF: under
-- row-level security PostgreSQL evaluates the tenant policy first and may not use them as index
-- conditions, so every search would read the tenant's whole catalog. These two functions run as
-- their owner (the migration role; when it bypasses RLS, as a superuser does, the trigram and
-- GIN indexes are used) and scope to app_current_tenant() themselves: no tenant, no rows. If
-- the owner is subject to RLS they are still correct, only slower.
create or replace function catalog_name_matches(
  query text, words text[], include_archived boolean
) returns table (product_id uuid, rank real)
  language plpgsql stable security definer set search_path = public, pg_temp
  as $$
declare
  word_count integer := least(coalesce(array_length(words, 1), 0), 6);
  live text := ' where p.tenant_id = app_current_tenant() and ($2 or p.archived_at is null)';
  containing text := '';
  resembling text := '';
  patterns text[];
begin
  if word_count = 0 then
    return;
  end if;
  -- Only the statement's shape is built here; words travel as parameters ($3, $4), never as text.
  -- One condition per word, so the trigram GIN index intersects them all.
  select array_agg('%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%' order by i)
    into patterns from unnest(words[1:word_count]) with ordinality as u(w, i);
  for i in 1 .. word_count loop
    containing := containing || format(' and p.name ilike $4[%s]', i);
    resembling := resembling || format(' and $3[%s] <%% p.name', i);
  end loop;
  -- Names that contain every word come first, shorter (more specific) names ranking higher. Their
  -- index recheck is a cheap ILIKE, so even a word in every tenth name stays fast. (A pattern needs
  -- three letters to use the index, hence the length test.)
  if (select min(length(w)) from unnest(words[1:word_count]) w) >= 3 then
    return query execute
      'select p.id, (1 - least(length(p.name), 999) / 1000.0)::real from products p' || live || containing
      using query, include_archived, words, patterns;
    if found then
      return;
    end if;
  end if;
  -- Nothing contains the words: forgive typos, every word similar to a word of the name, ranked
  -- by trigram word similarity (0.6 and up).
  return query execute
    'select p.id, word_similarity($1, p.name) from products p' || live || resembling
    using query, include_archived, words, patterns;
end
$$;

-- Products whose attributes contain any one of the alternatives (a query-string value may stand
-- for text, a number or a boolean); each alternative is one GIN index probe.
create or replace function catalog_attribute_matches(alternatives jsonb[])
  returns setof uuid
  language sql stable security definer set search_path = public, pg_temp
  as $$
  select p.id
  from unnest(alternatives) a
  join lateral (
    select id from products
    where tenant_id = app_current_tenant() and attributes @> a
  ) p on true
$$;

revoke execute on function catalog_name_matches(text, text[], boolean) from public;
revoke execute on function catalog_attribute_matches(jsonb[]) from public;
grant execute on function catalog_name_matches(text, text[], boolean) to tillpoint_app;
grant execute on function catalog_attribute_matches(jsonb[]) to tillpoint_app;
