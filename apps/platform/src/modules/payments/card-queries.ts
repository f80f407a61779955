import { sql, type Tx } from '@tillpoint/db';
import type { PaymentSnapshot } from '@tillpoint/plugin-sdk';

// card_payments and card_refunds rows. Status changes go through advance(): a payment only ever
// moves forward (pending -> requires_capture -> succeeded), so a late or replayed processor
// event can never undo what a newer one said.

export type CardPaymentStatus =
  | 'starting'
  | 'pending'
  | 'requires_capture'
  | 'succeeded'
  | 'failed'
  | 'canceled'
  | 'reversed';

export interface CardPaymentRow {
  readonly id: string;
  readonly saleId: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly deviceId: string;
  readonly installationId: string;
  readonly pluginKey: string;
  readonly readerId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: CardPaymentStatus;
  readonly providerPaymentId: string | null;
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  readonly cardBrand: string | null;
  readonly cardLast4: string | null;
  readonly recordedAt: string | null;
  readonly createdAt: string;
}

const columns = sql`id, sale_id as "saleId", store_id as "storeId", register_id as "registerId",
  device_id as "deviceId", installation_id as "installationId", plugin_key as "pluginKey",
  reader_id as "readerId", amount_minor as "amountMinor", currency, status,
  provider_payment_id as "providerPaymentId", failure_code as "failureCode",
  failure_message as "failureMessage", card_brand as "cardBrand", card_last4 as "cardLast4",
  to_json(recorded_at) #>> '{}' as "recordedAt", to_json(created_at) #>> '{}' as "createdAt"`;

export function selectCardPayment(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<CardPaymentRow | null> {
  return tx.maybeOne<CardPaymentRow>(sql`select ${columns} from card_payments where id = ${id}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export function selectCardPaymentsOfSale(tx: Tx, saleId: string): Promise<CardPaymentRow[]> {
  return tx.query<CardPaymentRow>(
    sql`select ${columns} from card_payments where sale_id = ${saleId} order by created_at, id`,
  );
}

export function activeCardPaymentOf(tx: Tx, saleId: string): Promise<{ id: string } | null> {
  return tx.maybeOne<{ id: string }>(sql`select id from card_payments where sale_id = ${saleId}
    and status in ('starting', 'pending', 'requires_capture')`);
}

export interface NewCardPayment {
  readonly id: string;
  readonly saleId: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly deviceId: string;
  readonly installationId: string;
  readonly pluginKey: string;
  readonly readerId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly createdBy: string | null;
}

export async function insertCardPayment(
  tx: Tx,
  tenantId: string,
  row: NewCardPayment,
): Promise<void> {
  await tx.execute(sql`insert into card_payments (tenant_id, id, sale_id, store_id, register_id,
      device_id, installation_id, plugin_key, reader_id, amount_minor, currency, status, created_by)
    values (${tenantId}, ${row.id}, ${row.saleId}, ${row.storeId}, ${row.registerId},
      ${row.deviceId}, ${row.installationId}, ${row.pluginKey}, ${row.readerId},
      ${row.amountMinor}, ${row.currency}, 'starting', ${row.createdBy})`);
}

/** How far along each status is; terminal ones never change again (reversed only from succeeded). */
const RANK: Record<CardPaymentStatus, number> = {
  starting: 0,
  pending: 1,
  requires_capture: 2,
  succeeded: 3,
  failed: 3,
  canceled: 3,
  reversed: 4,
};

export function isTerminal(status: CardPaymentStatus): boolean {
  return RANK[status] >= 3;
}

/** The status a snapshot moves a payment to, or null when it would move it backwards. */
export function nextStatus(
  current: CardPaymentStatus,
  snapshot: PaymentSnapshot,
): CardPaymentStatus | null {
  if (isTerminal(current)) return null;
  return RANK[snapshot.status] >= RANK[current] && snapshot.status !== current
    ? snapshot.status
    : null;
}

export async function updateFromSnapshot(
  tx: Tx,
  id: string,
  status: CardPaymentStatus,
  snapshot: PaymentSnapshot,
): Promise<void> {
  const failure = status === 'failed' ? (snapshot.failure ?? unknownFailure) : null;
  await tx.execute(sql`update card_payments set status = ${status},
      provider_payment_id = coalesce(provider_payment_id, ${snapshot.providerPaymentId}),
      failure_code = ${failure?.code ?? null},
      failure_message = ${failure ? failure.message.slice(0, 500) : null},
      card_brand = coalesce(${snapshot.card?.brand?.slice(0, 40) ?? null}, card_brand),
      card_last4 = coalesce(${validLast4(snapshot.card?.last4)}, card_last4)
    where id = ${id}`);
}

const unknownFailure = {
  code: 'payment.failed',
  message: 'The card payment did not go through.',
};

function validLast4(value: string | null | undefined): string | null {
  return value && /^[0-9]{4}$/.test(value) ? value : null;
}

export async function markFailed(
  tx: Tx,
  id: string,
  failure: { code: string; message: string },
): Promise<void> {
  await tx.execute(sql`update card_payments set status = 'failed',
      failure_code = ${failure.code.slice(0, 100)}, failure_message = ${failure.message.slice(0, 500)}
    where id = ${id} and status in ('starting', 'pending', 'requires_capture')`);
}

export async function markRecorded(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`update card_payments set status = 'succeeded', recorded_at = now()
    where id = ${id}`);
}

export async function markReversed(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`update card_payments set status = 'reversed' where id = ${id}`);
}

// ---- card refunds -----------------------------------------------------------------------------

export type CardRefundReason = 'refund' | 'void' | 'orphaned';

export interface CardRefundRow {
  readonly id: string;
  readonly cardPaymentId: string;
  readonly refundPaymentId: string | null;
  readonly reason: CardRefundReason;
  readonly amountMinor: number;
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly providerRefundId: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
}

const refundColumns = sql`id, card_payment_id as "cardPaymentId",
  refund_payment_id as "refundPaymentId", reason, amount_minor as "amountMinor", status,
  provider_refund_id as "providerRefundId", attempts, last_error as "lastError"`;

export async function insertCardRefund(
  tx: Tx,
  tenantId: string,
  refund: {
    cardPaymentId: string;
    refundPaymentId: string | null;
    reason: CardRefundReason;
    amountMinor: number;
  },
): Promise<string> {
  const row = await tx.one<{ id: string }>(sql`insert into card_refunds (tenant_id,
      card_payment_id, refund_payment_id, reason, amount_minor)
    values (${tenantId}, ${refund.cardPaymentId}, ${refund.refundPaymentId}, ${refund.reason},
      ${refund.amountMinor})
    returning id`);
  return row.id;
}

export function selectCardRefund(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<CardRefundRow | null> {
  return tx.maybeOne<CardRefundRow>(sql`select ${refundColumns} from card_refunds where id = ${id}
    ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export async function recordRefundOutcome(
  tx: Tx,
  id: string,
  outcome:
    | { status: 'succeeded' | 'pending'; providerRefundId: string }
    | { status: 'failed' | 'pending'; error: string; providerRefundId?: string | null },
): Promise<void> {
  const providerRefundId =
    'providerRefundId' in outcome ? (outcome.providerRefundId ?? null) : null;
  const error = 'error' in outcome ? outcome.error.slice(0, 500) : null;
  await tx.execute(sql`update card_refunds set status = ${outcome.status},
      provider_refund_id = coalesce(${providerRefundId}, provider_refund_id),
      last_error = ${error}, attempts = attempts + 1,
      settled_at = case when ${outcome.status} = 'succeeded' then now() else null end
    where id = ${id} and status <> 'succeeded'`);
}
