-- Append-only, hash-chained audit trail. Each tenant's events form one chain:
-- hash(n) = sha256(hash(n-1) || canonical(event n)). Editing, deleting or reordering a row
-- breaks the chain from that row on, and the head row catches a removed tail.
create table audit_events (
  tenant_id uuid not null references tenants (id),
  seq bigint not null check (seq > 0),
  id uuid not null default uuid_v7(),
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'device', 'api_token', 'system')),
  actor_id uuid,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  target_type text,
  target_id text,
  store_id uuid,
  device_id uuid,
  ip inet,
  request_id text,
  before jsonb,
  after jsonb,
  prev_hash bytea not null check (length(prev_hash) = 32),
  hash bytea not null check (length(hash) = 32),
  primary key (tenant_id, seq),
  unique (id)
);
create index audit_events_action_idx on audit_events (tenant_id, action, seq);
create index audit_events_actor_idx on audit_events (tenant_id, actor_id, seq);
create index audit_events_target_idx on audit_events (tenant_id, target_type, target_id, seq);
alter table audit_events enable row level security;
alter table audit_events force row level security;
create policy audit_events_tenant on audit_events
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- INSERT and SELECT only: the application can never rewrite history.
grant select, insert on audit_events to tillpoint_app;

create table audit_chain_heads (
  tenant_id uuid primary key references tenants (id),
  seq bigint not null check (seq >= 0),
  hash bytea not null check (length(hash) = 32)
);
alter table audit_chain_heads enable row level security;
alter table audit_chain_heads force row level security;
create policy audit_chain_heads_tenant on audit_chain_heads
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select on audit_chain_heads to tillpoint_app;

-- Canonical text of an event: a JSON array (jsonb text is normalised, nulls stay distinct from
-- empty strings) with the time in UTC so the session time zone cannot change the hash.
create or replace function audit_event_hash(
  prev_hash bytea, tenant_id uuid, seq bigint, id uuid, occurred_at timestamptz,
  actor_type text, actor_id uuid, action text, target_type text, target_id text,
  store_id uuid, device_id uuid, ip inet, request_id text, before jsonb, after jsonb
) returns bytea
  language sql stable
  as $$
  select sha256(prev_hash || convert_to(jsonb_build_array(
    tenant_id, seq, id,
    to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_type, actor_id, action, target_type, target_id, store_id, device_id,
    host(ip), request_id, before, after
  )::text, 'UTF8'))
$$;

create or replace function audit_chain_genesis(tenant_id uuid) returns bytea
  language sql immutable
  as $$ select sha256(convert_to('tillpoint-audit:' || tenant_id::text, 'UTF8')) $$;

-- SECURITY DEFINER: the application may append events but never touches the chain head itself.
create or replace function audit_events_link() returns trigger
  language plpgsql security definer set search_path = public
  as $$
declare
  head_seq bigint;
  head_hash bytea;
begin
  insert into audit_chain_heads (tenant_id, seq, hash)
    values (new.tenant_id, 0, audit_chain_genesis(new.tenant_id))
    on conflict (tenant_id) do nothing;
  select h.seq, h.hash into head_seq, head_hash
    from audit_chain_heads h where h.tenant_id = new.tenant_id for update;
  new.seq := head_seq + 1;
  new.prev_hash := head_hash;
  new.occurred_at := coalesce(new.occurred_at, now());
  new.hash := audit_event_hash(new.prev_hash, new.tenant_id, new.seq, new.id, new.occurred_at,
    new.actor_type, new.actor_id, new.action, new.target_type, new.target_id, new.store_id,
    new.device_id, new.ip, new.request_id, new.before, new.after);
  update audit_chain_heads set seq = new.seq, hash = new.hash where tenant_id = new.tenant_id;
  return new;
end
$$;
create trigger audit_events_link before insert on audit_events
  for each row execute function audit_events_link();

grant execute on function audit_event_hash(bytea, uuid, bigint, uuid, timestamptz, text, uuid,
  text, text, text, uuid, uuid, inet, text, jsonb, jsonb) to tillpoint_app;
grant execute on function audit_chain_genesis(uuid) to tillpoint_app;
