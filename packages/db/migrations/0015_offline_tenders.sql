-- Which tenders a register may take while it is offline. Cash, an external terminal's approved
-- slip and "other" cannot be double-spent; gift cards and store credit need the live balance, so
-- they are never offered offline. Card offline needs a payment plugin with store-and-forward.
alter table tenants add column offline_tenders text[] not null
  default array['cash', 'external', 'other']::text[]
  check (offline_tenders <@ array['cash', 'external', 'other', 'card']::text[]);
