create table users (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- Back-office sign-in identity; store staff who only use a PIN on a register have none.
  email text check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role text not null check (role in ('owner', 'admin', 'manager', 'cashier', 'accountant')),
  -- true: every store of the tenant; false: only the stores listed in user_stores.
  all_stores boolean not null default true,
  password_hash text,
  pin_hash text,
  status text not null default 'active' check (status in ('active', 'disabled')),
  failed_login_count integer not null default 0 check (failed_login_count >= 0),
  login_locked_until timestamptz,
  failed_pin_count integer not null default 0 check (failed_pin_count >= 0),
  pin_locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (id),
  check (password_hash is null or email is not null)
);
-- One back-office login per email across the platform, so sign-in needs no tenant picker.
create unique index users_email_key on users (email) where email is not null;
alter table users enable row level security;
alter table users force row level security;
create policy users_tenant on users
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- Sign-in looks a user up by email before it knows the tenant.
create policy users_login_lookup on users for select using (app_is_system());
create trigger users_updated_at before update on users
  for each row execute function touch_updated_at();
grant select, insert, update on users to tillpoint_app;

create table user_stores (
  tenant_id uuid not null,
  user_id uuid not null,
  store_id uuid not null,
  primary key (tenant_id, user_id, store_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);
alter table user_stores enable row level security;
alter table user_stores force row level security;
create policy user_stores_tenant on user_stores
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, delete on user_stores to tillpoint_app;

create table register_devices (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  register_id uuid not null,
  token_hash bytea not null check (length(token_hash) = 32),
  paired_by uuid not null,
  paired_at timestamptz not null default now(),
  last_seen_at timestamptz,
  user_agent text,
  revoked_at timestamptz,
  revoked_by uuid,
  primary key (tenant_id, id),
  unique (id),
  foreign key (tenant_id, register_id) references registers (tenant_id, id),
  foreign key (tenant_id, paired_by) references users (tenant_id, id),
  foreign key (tenant_id, revoked_by) references users (tenant_id, id)
);
-- A register is one device at a time: pairing a new one revokes the old token.
create unique index register_devices_active_key on register_devices (tenant_id, register_id)
  where revoked_at is null;
alter table register_devices enable row level security;
alter table register_devices force row level security;
create policy register_devices_tenant on register_devices
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on register_devices to tillpoint_app;

create table register_pairings (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  register_id uuid not null,
  code_hash bytea not null check (length(code_hash) = 32),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  device_id uuid,
  primary key (tenant_id, id),
  unique (id),
  check (expires_at > created_at),
  foreign key (tenant_id, register_id) references registers (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  foreign key (tenant_id, device_id) references register_devices (tenant_id, id)
);
create unique index register_pairings_code_key on register_pairings (code_hash);
alter table register_pairings enable row level security;
alter table register_pairings force row level security;
create policy register_pairings_tenant on register_pairings
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- A device presents only the short code; the code says which tenant it belongs to.
create policy register_pairings_lookup on register_pairings for select using (app_is_system());
grant select, insert, update on register_pairings to tillpoint_app;

create table user_sessions (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  user_id uuid not null,
  kind text not null check (kind in ('web', 'pin')),
  device_id uuid,
  -- PIN sessions are bearer tokens (hash kept); web sessions live in a signed cookie.
  token_hash bytea check (length(token_hash) = 32),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz,
  revoked_at timestamptz,
  ip inet,
  user_agent text,
  primary key (tenant_id, id),
  unique (id),
  check (expires_at > created_at),
  check ((kind = 'pin') = (device_id is not null and token_hash is not null)),
  foreign key (tenant_id, user_id) references users (tenant_id, id),
  foreign key (tenant_id, device_id) references register_devices (tenant_id, id)
);
create index user_sessions_user_idx on user_sessions (tenant_id, user_id) where revoked_at is null;
alter table user_sessions enable row level security;
alter table user_sessions force row level security;
create policy user_sessions_tenant on user_sessions
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on user_sessions to tillpoint_app;

create table api_tokens (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  name text not null check (length(btrim(name)) between 1 and 100),
  scopes text[] not null check (cardinality(scopes) >= 1),
  token_hash bytea not null check (length(token_hash) = 32),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid,
  primary key (tenant_id, id),
  unique (id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  foreign key (tenant_id, revoked_by) references users (tenant_id, id)
);
alter table api_tokens enable row level security;
alter table api_tokens force row level security;
create policy api_tokens_tenant on api_tokens
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on api_tokens to tillpoint_app;

-- A manager's PIN approving one named action for another user; consumed exactly once.
create table approvals (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  requested_by uuid not null,
  approved_by uuid not null,
  store_id uuid,
  device_id uuid,
  subject jsonb not null default '{}'::jsonb check (jsonb_typeof(subject) = 'object'),
  reason text check (length(reason) <= 500),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  primary key (tenant_id, id),
  unique (id),
  check (expires_at > created_at),
  foreign key (tenant_id, requested_by) references users (tenant_id, id),
  foreign key (tenant_id, approved_by) references users (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, device_id) references register_devices (tenant_id, id)
);
alter table approvals enable row level security;
alter table approvals force row level security;
create policy approvals_tenant on approvals
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on approvals to tillpoint_app;
