import type { Database } from '@tillpoint/db';
import { printable, type Receipt, renderReceiptHtml, renderReceiptText } from '@tillpoint/domain';
import type { RelayedEvent } from '../../events/relay.ts';
import { type JobHandler, type JobQueue, PermanentJobError } from '../../jobs/queue.ts';
import { recordAudit } from '../audit/service.ts';
import { receiptOfDocument } from './documents.ts';
import { classifyMailError, type Delivery, type Mailer, type OutgoingEmail } from './mailer.ts';
import {
  markFailed,
  markSent,
  noteTransientError,
  type ReceiptEmailRow,
  recordAttempt,
} from './queries.ts';
import { RECEIPT_EMAIL_REQUESTED } from './service.ts';

// The sending job: one run per delivery attempt of one receipt_emails row. The row decides:
// only a queued row is sent, and it leaves 'queued' exactly when the server accepted the email
// (sent) or refused it for good or too often (failed). A replayed or duplicated job finds the
// row sent and does nothing, so an email is never sent twice by a job replay.

export const RECEIPT_EMAIL_JOB = 'receipt-emails.send';
/** With BullMQ's backoff of 1 s doubling: retries over about a minute, then it is failed. */
export const RECEIPT_EMAIL_ATTEMPTS = 6;

/** The relay's dispatch for receipt email events: one job per email. */
export function enqueueReceiptEmails(jobs: JobQueue) {
  return async (event: RelayedEvent): Promise<void> => {
    if (event.topic !== RECEIPT_EMAIL_REQUESTED) return;
    const receiptEmailId = String(event.payload.receiptEmailId);
    await jobs.add(
      RECEIPT_EMAIL_JOB,
      { tenantId: event.tenantId, receiptEmailId },
      {
        jobId: `${event.tenantId}:receipt-email:${receiptEmailId}`,
        attempts: RECEIPT_EMAIL_ATTEMPTS,
      },
    );
  };
}

/** Store names are typed by people; a subject is one header line. */
const oneLine = (text: string) => printable(text).replace(/\s+/g, ' ').trim();

export function composeReceiptEmail(row: ReceiptEmailRow, receipt: Receipt): OutgoingEmail {
  return {
    id: row.id,
    to: row.recipient,
    subject: oneLine(`Receipt ${receipt.receiptNumber} from ${receipt.store.name}`),
    html: renderReceiptHtml(receipt, { copy: row.copy }),
    text: renderReceiptText(receipt, { columns: 42, copy: row.copy }),
  };
}

export function receiptEmailJob(
  db: Database,
  mailer: Mailer | null,
  secrets: readonly string[],
): JobHandler {
  const systemScope = (tenantId: string, id: string) => ({
    tenantId,
    requestId: `receipt-email-${id}`,
    ip: '',
    userAgent: null,
    actor: null,
  });

  async function fail(tenantId: string, row: ReceiptEmailRow, reason: string): Promise<void> {
    await db.withTenant({ tenantId }, async (tx) => {
      await markFailed(tx, row.id, reason);
      await recordAudit(tx, systemScope(tenantId, row.id), {
        action: 'receipt.email_failed',
        targetType: row.documentKind,
        targetId: row.documentId,
        storeId: row.storeId,
        after: { receiptEmailId: row.id, reason },
      });
    });
  }

  return async (data, run) => {
    const { tenantId } = data;
    const id = String(data.receiptEmailId);
    const claimed = await db.withTenant({ tenantId }, async (tx) => {
      const row = await recordAttempt(tx, id);
      if (!row) return null;
      const receipt = await receiptOfDocument(tx, { kind: row.documentKind, id: row.documentId });
      return { row, receipt };
    });
    // Sent, failed or unknown: this run is a replay, and there is nothing left to do.
    if (!claimed) return;
    const { row, receipt } = claimed;
    if (!mailer) {
      await fail(tenantId, row, 'Email is not configured on this server (SMTP_URL).');
      throw new PermanentJobError(`receipt email ${id}: no mailer`);
    }
    if (!receipt) {
      await fail(tenantId, row, `The ${row.documentKind} of this receipt no longer exists.`);
      throw new PermanentJobError(`receipt email ${id}: document ${row.documentId} is gone`);
    }
    let email: OutgoingEmail;
    try {
      email = composeReceiptEmail(row, receipt);
    } catch (error) {
      // An inconsistent receipt (receipt.invalid) is never sent, however often we try.
      await fail(tenantId, row, error instanceof Error ? error.message : String(error));
      throw new PermanentJobError(`receipt email ${id}: the receipt cannot be rendered`);
    }
    let delivery: Delivery;
    try {
      delivery = await mailer.send(email);
    } catch (error) {
      const failure = classifyMailError(error, secrets);
      if (failure.permanent || run.attempt >= RECEIPT_EMAIL_ATTEMPTS) {
        await fail(tenantId, row, failure.reason);
        throw new PermanentJobError(`receipt email ${id} failed: ${failure.reason}`);
      }
      await db.withTenant({ tenantId }, (tx) => noteTransientError(tx, id, failure.reason));
      throw new Error(`receipt email ${id} will be retried: ${failure.reason}`);
    }
    // Accepted by the server. Should this write fail, the retry sends once more (under the same
    // Message-ID): at least once is the best a mail server outside our transaction allows.
    await db.withTenant({ tenantId }, (tx) => markSent(tx, id, delivery.messageId));
  };
}
