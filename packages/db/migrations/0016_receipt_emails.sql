-- Receipts sent by email. A request commits a queued row (with its audit event and an outbox
-- event) in one transaction; a job then renders the receipt from the stored sale or refund and
-- hands it to the mail server. The row is the delivery's state: a job run that finds it sent or
-- failed does nothing, so a replayed or duplicated job never sends a second email. Rows also
-- count the emails of a document for its rate limit.

create table receipt_emails (
  tenant_id uuid not null,
  id uuid not null default uuid_v7(),
  document_kind text not null check (document_kind in ('sale', 'refund')),
  -- Exactly one of these, matching document_kind, so each keeps its tenant-scoped foreign key.
  sale_id uuid,
  refund_id uuid,
  store_id uuid not null,
  -- One address, as validated by the API; no spaces or control characters can reach a header.
  recipient text not null
    check (length(recipient) between 3 and 254 and recipient !~ '[[:space:][:cntrl:]]'),
  copy text not null check (copy in ('customer', 'gift')),
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  last_error text check (length(last_error) <= 500),
  message_id text check (length(message_id) between 1 and 300),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, sale_id) references sales (tenant_id, id),
  foreign key (tenant_id, refund_id) references refunds (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  check ((document_kind = 'sale') = (sale_id is not null)),
  check ((document_kind = 'refund') = (refund_id is not null)),
  check ((status = 'sent') = (sent_at is not null)),
  check (status <> 'failed' or last_error is not null)
);
-- The rate limit counts a document's recent emails.
create index receipt_emails_sale_idx on receipt_emails (tenant_id, sale_id, created_at)
  where sale_id is not null;
create index receipt_emails_refund_idx on receipt_emails (tenant_id, refund_id, created_at)
  where refund_id is not null;
alter table receipt_emails enable row level security;
alter table receipt_emails force row level security;
create policy receipt_emails_tenant on receipt_emails
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
-- After a restart in embedded mode (whose in-process queue forgets its jobs) the server finds the
-- emails still queued, across tenants, to enqueue them again: reading only, as the outbox relay.
create policy receipt_emails_resume on receipt_emails for select using (app_is_system());
create trigger receipt_emails_updated_at before update on receipt_emails
  for each row execute function touch_updated_at();
grant select, insert, update on receipt_emails to tillpoint_app;
