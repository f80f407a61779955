-- The API and workers connect as tillpoint_app: not a superuser, cannot bypass row-level
-- security, owns nothing. Everything below is owned by the role that runs migrations.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'tillpoint_app') then
    create role tillpoint_app login nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
end
$$;

grant usage on schema public to tillpoint_app;

-- Tenant context lives in transaction-local settings (set_config(..., true)); an unset or empty
-- setting means "no tenant", which every policy turns into "no rows".
create or replace function app_current_tenant() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- withSystem() marks the few cross-tenant transactions (signup, login lookup, device pairing).
-- Only policies that name app_is_system() honour it; tenant data stays closed to it otherwise.
create or replace function app_is_system() returns boolean
  language sql stable parallel safe
  as $$ select coalesce(current_setting('app.system', true), '') = 'on' $$;

-- Time-ordered UUIDv7 for rows created inside the database; the application and the offline
-- register usually generate their own.
create or replace function uuid_v7() returns uuid
  language plpgsql volatile
  as $$
begin
  return encode(
    set_bit(
      set_bit(
        overlay(uuid_send(gen_random_uuid())
          placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
          from 1 for 6),
        52, 1),
      53, 1),
    'hex')::uuid;
end
$$;

create or replace function touch_updated_at() returns trigger
  language plpgsql
  as $$
begin
  new.updated_at := now();
  return new;
end
$$;

grant execute on function app_current_tenant(), app_is_system(), uuid_v7() to tillpoint_app;
