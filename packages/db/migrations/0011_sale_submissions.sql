-- What the sales engine keeps beyond 0010: the offline outbox's natural idempotency and the
-- approval behind an order discount.

alter table sales
  -- SHA-256 of the canonical body of POST /sales/submit that created the sale. A replay of the
  -- same id is answered from the stored sale only when its body hashes the same; any other body
  -- under that id is refused (sale.id_conflict). Null for sales built step by step.
  add column submission_hash bytea check (length(submission_hash) = 32),
  -- What the register printed on the receipt while offline, until the sale got its number.
  add column offline_reference text
    check (length(btrim(offline_reference)) between 1 and 64),
  -- The manager's approval consumed for an order discount over the cashier's limit (line
  -- discounts keep theirs on sale_lines.discount_approval_id).
  add column order_discount_approval_id uuid;
