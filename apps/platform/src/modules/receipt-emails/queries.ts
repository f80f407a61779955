import { sql, type Tx } from '@tillpoint/db';
import type { ReceiptEmailView } from './schemas.ts';

// SQL of the receipt_emails table (migration 0016). Every query runs inside withTenant.

export type DocumentKind = 'sale' | 'refund';
export type EmailCopy = 'customer' | 'gift';

export interface ReceiptEmailRow {
  readonly id: string;
  readonly documentKind: DocumentKind;
  readonly documentId: string;
  readonly storeId: string;
  readonly recipient: string;
  readonly copy: EmailCopy;
  readonly status: 'queued' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

const COLUMNS = sql`id, document_kind as "documentKind",
  coalesce(sale_id, refund_id) as "documentId", store_id as "storeId", recipient, copy, status,
  attempts, last_error as "lastError", created_at as "createdAt", sent_at as "sentAt"`;

export function insertReceiptEmail(
  tx: Tx,
  tenantId: string,
  email: {
    readonly documentKind: DocumentKind;
    readonly documentId: string;
    readonly storeId: string;
    readonly recipient: string;
    readonly copy: EmailCopy;
    readonly createdBy: string | null;
  },
): Promise<ReceiptEmailRow> {
  const saleId = email.documentKind === 'sale' ? email.documentId : null;
  const refundId = email.documentKind === 'refund' ? email.documentId : null;
  return tx.one<ReceiptEmailRow>(sql`insert into receipt_emails
      (tenant_id, document_kind, sale_id, refund_id, store_id, recipient, copy, created_by)
    values (${tenantId}, ${email.documentKind}, ${saleId}, ${refundId}, ${email.storeId},
      ${email.recipient}, ${email.copy}, ${email.createdBy})
    returning ${COLUMNS}`);
}

export function selectReceiptEmail(tx: Tx, id: string): Promise<ReceiptEmailRow | null> {
  return tx.maybeOne<ReceiptEmailRow>(sql`select ${COLUMNS} from receipt_emails where id = ${id}`);
}

/**
 * Emails of one document asked for within the window. Takes a lock per document first, so two
 * requests racing for the last slot count one after the other.
 */
export async function countRecentEmails(
  tx: Tx,
  kind: DocumentKind,
  documentId: string,
  windowSeconds: number,
): Promise<number> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('receipt_emails:' || ${documentId}, 0))`,
  );
  const column = kind === 'sale' ? sql`sale_id` : sql`refund_id`;
  const row = await tx.one<{ count: number }>(sql`select count(*)::int as count
    from receipt_emails
    where ${column} = ${documentId}
      and created_at > now() - make_interval(secs => ${windowSeconds})`);
  return row.count;
}

/** A delivery attempt starts: counted before the mail server is asked. */
export function recordAttempt(tx: Tx, id: string): Promise<ReceiptEmailRow | null> {
  return tx.maybeOne<ReceiptEmailRow>(sql`update receipt_emails set attempts = attempts + 1
    where id = ${id} and status = 'queued' returning ${COLUMNS}`);
}

export async function markSent(tx: Tx, id: string, messageId: string | null): Promise<void> {
  await tx.execute(sql`update receipt_emails
    set status = 'sent', sent_at = now(), message_id = ${messageId}, last_error = null
    where id = ${id} and status = 'queued'`);
}

export async function markFailed(tx: Tx, id: string, error: string): Promise<void> {
  await tx.execute(sql`update receipt_emails set status = 'failed', last_error = ${error}
    where id = ${id} and status = 'queued'`);
}

/** A transient failure: stays queued for the next attempt, with what went wrong. */
export async function noteTransientError(tx: Tx, id: string, error: string): Promise<void> {
  await tx.execute(sql`update receipt_emails set last_error = ${error}
    where id = ${id} and status = 'queued'`);
}

export function toView(row: ReceiptEmailRow): ReceiptEmailView {
  return {
    id: row.id,
    status: row.status,
    to: row.recipient,
    copy: row.copy,
    document: { kind: row.documentKind, id: row.documentId },
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt === null ? null : new Date(row.sentAt).toISOString(),
  };
}
