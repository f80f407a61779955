import { type Database, sql } from '@tillpoint/db';
import type { JobQueue } from '../../jobs/queue.ts';
import { enqueueReceiptEmails } from './sender.ts';
import { RECEIPT_EMAIL_REQUESTED } from './service.ts';

// The in-process queue of embedded mode forgets its jobs when the server stops, while the rows
// stay queued. At start, such rows (younger than a day: older wishes are stale) are enqueued
// again; the row's status keeps an email that was sent meanwhile from going twice. BullMQ keeps
// its jobs in Redis, so this is for the in-process queue only.

const RESUME_WINDOW = sql`interval '1 day'`;

export async function resumeQueuedReceiptEmails(db: Database, jobs: JobQueue): Promise<number> {
  const rows = await db.withSystem('resume queued receipt emails', (tx) =>
    tx.query<{ tenantId: string; id: string }>(sql`select tenant_id as "tenantId", id
      from receipt_emails
      where status = 'queued' and created_at > now() - ${RESUME_WINDOW}
      order by created_at`),
  );
  const enqueue = enqueueReceiptEmails(jobs);
  for (const row of rows)
    await enqueue({
      tenantId: row.tenantId,
      topic: RECEIPT_EMAIL_REQUESTED,
      storeId: null,
      payload: { receiptEmailId: row.id },
    });
  return rows.length;
}
