-- Catalog CSV imports: the uploaded file and the state of the background job that checks and
-- imports it. The file lives in the database (in chunks) rather than on the disk of the instance
-- that received it, so a worker on any instance can run the job.

create table catalog_imports (
  tenant_id uuid not null references tenants (id),
  id uuid not null default uuid_v7(),
  status text not null default 'queued'
    check (status in ('queued', 'validating', 'importing', 'completed', 'failed')),
  file_name text not null check (length(file_name) between 1 and 255),
  file_bytes bigint not null check (file_bytes > 0),
  chunk_count integer not null check (chunk_count > 0),
  -- Counted while uploading, corrected once the job has read every row.
  total_rows integer not null check (total_rows >= 0),
  rows_validated integer not null default 0 check (rows_validated >= 0),
  rows_imported integer not null default 0 check (rows_imported >= 0),
  progress_percent smallint not null default 0 check (progress_percent between 0 and 100),
  products_created integer not null default 0 check (products_created >= 0),
  products_updated integer not null default 0 check (products_updated >= 0),
  variants_created integer not null default 0 check (variants_created >= 0),
  variants_updated integer not null default 0 check (variants_updated >= 0),
  variants_unchanged integer not null default 0 check (variants_unchanged >= 0),
  -- Why the import failed: the file as a whole (error_code, error_message) and, for rows that do
  -- not pass, the first 1,000 of them ({line, column, code, message}) out of error_total.
  error_code text,
  error_message text,
  row_errors jsonb not null default '[]'::jsonb check (jsonb_typeof(row_errors) = 'array'),
  error_total integer not null default 0 check (error_total >= 0),
  -- Who uploaded it and from which request: the job writes the audit events in their name.
  created_by_type text not null check (created_by_type in ('user', 'device', 'api_token')),
  created_by uuid,
  request_id text not null,
  ip text,
  attempts integer not null default 0 check (attempts >= 0),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check ((status = 'failed') = (error_code is not null)),
  check ((status in ('completed', 'failed')) = (finished_at is not null))
);
alter table catalog_imports enable row level security;
alter table catalog_imports force row level security;
create policy catalog_imports_tenant on catalog_imports
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create trigger catalog_imports_updated_at before update on catalog_imports
  for each row execute function touch_updated_at();
grant select, insert, update on catalog_imports to tillpoint_app;

-- The file as uploaded (bytes, already checked to be UTF-8), in order. Deleted when the import
-- ends: the outcome and the error report stay on catalog_imports.
create table catalog_import_chunks (
  tenant_id uuid not null,
  import_id uuid not null,
  seq integer not null check (seq >= 0),
  content bytea not null check (length(content) between 1 and 4194304),
  primary key (tenant_id, import_id, seq),
  foreign key (tenant_id, import_id) references catalog_imports (tenant_id, id)
);
alter table catalog_import_chunks enable row level security;
alter table catalog_import_chunks force row level security;
create policy catalog_import_chunks_tenant on catalog_import_chunks
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, delete on catalog_import_chunks to tillpoint_app;

-- Imports add tens of thousands of barcodes in one transaction, each re-stamping its variant. A
-- variant inserted or changed earlier in the same transaction already carries this transaction's
-- id (and its updated_at is already now()), so the re-stamp is skipped for it: same result, and
-- an import no longer writes every new variant twice.
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
    where tenant_id = changed.tenant_id and id = changed.variant_id
      and change_xid <> pg_current_xact_id();
  if tg_op = 'UPDATE' and old.variant_id is distinct from new.variant_id then
    update variants set change_xid = pg_current_xact_id()
      where tenant_id = old.tenant_id and id = old.variant_id
        and change_xid <> pg_current_xact_id();
  end if;
  return null;
end
$$;
