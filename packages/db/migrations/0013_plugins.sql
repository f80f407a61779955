-- Per-tenant plugins: which payment processor, printer format and accounting software a retailer
-- uses, with its configuration. Secret fields (API keys, webhook signing secrets) are never
-- stored in clear: `secrets` holds one AES-256-GCM blob of all of them, sealed by the platform
-- with a key from its environment (`secrets_key_id` names which, so keys can rotate) and bound
-- to the row's tenant and id, so a blob copied elsewhere does not open.

create table plugin_installations (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  plugin_key text not null
    check (plugin_key ~ '^(payment|printer|accounting)-[a-z0-9]+(-[a-z0-9]+)*$'
      and length(plugin_key) <= 60),
  kind text not null check (kind in ('payment', 'printer', 'accounting')),
  status text not null default 'disabled' check (status in ('enabled', 'disabled')),
  -- Non-secret fields only, as accepted by the plugin's configuration schema.
  config jsonb not null default '{}'::jsonb
    check (jsonb_typeof(config) = 'object' and octet_length(config::text) <= 65536),
  secrets bytea check (octet_length(secrets) <= 65536),
  secrets_key_id text check (secrets_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  -- Names of the fields inside the blob (not their values), to show which secrets are set.
  secret_fields text[] not null default '{}' check (cardinality(secret_fields) <= 50),
  -- The plugin version that last accepted this configuration.
  plugin_version text not null check (length(plugin_version) between 1 and 64),
  -- Actor ids (a person or an API token): kept as facts, not foreign keys.
  enabled_by uuid,
  enabled_at timestamptz,
  updated_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  -- Webhooks name the installation alone (the vendor knows no tenant).
  unique (id),
  unique (tenant_id, plugin_key),
  check (plugin_key like kind || '-%'),
  check ((secrets is null) = (secrets_key_id is null)),
  check ((secrets is null) = (cardinality(secret_fields) = 0))
);
-- One processor, one printer format, one accounting target per tenant at a time.
create unique index plugin_installations_one_enabled_per_kind
  on plugin_installations (tenant_id, kind) where status = 'enabled';
alter table plugin_installations enable row level security;
alter table plugin_installations force row level security;
create policy plugin_installations_tenant on plugin_installations
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- The webhook lookup (plugin_installation_tenant below) runs as its owner inside withSystem. The
-- app role itself never matches this policy, so a system transaction still cannot read rows
-- (configuration, sealed secrets) of any tenant; only the function's answer, a tenant id.
create policy plugin_installations_webhook_lookup on plugin_installations for select
  using (app_is_system() and current_user <> 'tillpoint_app');
create trigger plugin_installations_updated_at before update on plugin_installations
  for each row execute function touch_updated_at();
grant select, insert, update on plugin_installations to tillpoint_app;

-- Which tenant a webhook's installation belongs to: the only cross-tenant read of plugins.
create or replace function plugin_installation_tenant(installation_id uuid) returns uuid
  language sql stable security definer set search_path = public, pg_temp
  as $$ select i.tenant_id from plugin_installations i where i.id = installation_id $$;
revoke execute on function plugin_installation_tenant(uuid) from public;
grant execute on function plugin_installation_tenant(uuid) to tillpoint_app;

-- A plugin's own small state (e.g. a vendor's location id it created once), per installation.
create table plugin_kv (
  tenant_id uuid not null,
  installation_id uuid not null,
  key text not null check (length(key) between 1 and 200),
  value jsonb not null check (octet_length(value::text) <= 65536),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, installation_id, key),
  foreign key (tenant_id, installation_id) references plugin_installations (tenant_id, id)
);
alter table plugin_kv enable row level security;
alter table plugin_kv force row level security;
create policy plugin_kv_tenant on plugin_kv
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger plugin_kv_updated_at before update on plugin_kv
  for each row execute function touch_updated_at();
grant select, insert, update, delete on plugin_kv to tillpoint_app;

-- Webhook deliveries by the vendor's event id: a vendor retries and may deliver one event many
-- times, even at once; the platform applies each event once. `claimed_until` is the lease of the
-- delivery applying it now (a concurrent one is told to retry later; a crashed one's lease ends).
create table plugin_webhook_events (
  tenant_id uuid not null,
  installation_id uuid not null,
  event_id text not null check (length(event_id) between 1 and 255),
  received_at timestamptz not null default now(),
  status text not null default 'received'
    check (status in ('received', 'applied', 'ignored', 'failed')),
  deliveries integer not null default 1 check (deliveries > 0),
  claimed_until timestamptz,
  applied_at timestamptz,
  error text check (length(error) <= 2000),
  primary key (tenant_id, installation_id, event_id),
  foreign key (tenant_id, installation_id) references plugin_installations (tenant_id, id),
  check ((status in ('applied', 'ignored')) = (applied_at is not null)),
  check (status = 'failed' or error is null)
);
alter table plugin_webhook_events enable row level security;
alter table plugin_webhook_events force row level security;
create policy plugin_webhook_events_tenant on plugin_webhook_events
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on plugin_webhook_events to tillpoint_app;

-- The register's card reader at the tenant's payment processor (set by an admin).
alter table registers
  add column card_reader_id text check (card_reader_id ~ '^[\x21-\x7e]{1,100}$');
