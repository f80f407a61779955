import type { Database } from '@tillpoint/db';
import { actorId, type RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, canAccessStore } from '../identity/authorize.ts';
import { checkRecipient, maskRecipient } from './address.ts';
import { type DocumentRef, receiptDocumentStore } from './documents.ts';
import { countRecentEmails, insertReceiptEmail, selectReceiptEmail, toView } from './queries.ts';
import type { ReceiptEmailView, SendReceiptEmailInput } from './schemas.ts';

// Emailing a receipt. The request only records the wish: the row, its audit event and an outbox
// event commit together, and the relay starts the sending job (sender.ts) after commit. So the
// register gets its answer at once, and a slow or absent mail server never holds a transaction.

export const RECEIPT_EMAIL_REQUESTED = 'receipt_email.requested';

/** Per document and hour: enough for "send it again, to my other address", not for spam. */
export const MAX_EMAILS_PER_DOCUMENT = 5;
const WINDOW_SECONDS = 3600;

function notConfigured(): AppError {
  return new AppError(
    'receipt_email.not_configured',
    'Email is not set up on this server: an operator sets SMTP_URL and MAIL_FROM. Print the ' +
      'receipt instead.',
  );
}

function rateLimited(): AppError {
  return new AppError(
    'receipt_email.rate_limited',
    `This receipt was already emailed ${MAX_EMAILS_PER_DOCUMENT} times in the last hour. Try ` +
      'again later, or print it.',
    { limit: MAX_EMAILS_PER_DOCUMENT, windowSeconds: WINDOW_SECONDS },
  );
}

/** `enabled`: whether a mailer exists here (false: every request is refused, nothing stored). */
export function createReceiptEmailService(db: Database, outbox: Outbox, enabled: boolean) {
  return {
    async send(
      ctx: RequestContext,
      document: DocumentRef,
      input: SendReceiptEmailInput,
    ): Promise<ReceiptEmailView> {
      const authed = authorize(ctx, 'sales.read');
      if (!enabled) throw notConfigured();
      const to = checkRecipient(input.to);
      const copy = input.copy ?? 'customer';
      return db.withTenant(authed, async (tx) => {
        const storeId = await receiptDocumentStore(tx, authed, document);
        const recent = await countRecentEmails(tx, document.kind, document.id, WINDOW_SECONDS);
        if (recent >= MAX_EMAILS_PER_DOCUMENT) throw rateLimited();
        const row = await insertReceiptEmail(tx, authed.tenantId, {
          documentKind: document.kind,
          documentId: document.id,
          storeId,
          recipient: to,
          copy,
          createdBy: actorId(authed.actor),
        });
        await recordAudit(tx, authed, {
          action: 'receipt.emailed',
          targetType: document.kind,
          targetId: document.id,
          storeId,
          after: { receiptEmailId: row.id, copy, to: maskRecipient(to) },
        });
        await outbox.emit(tx, authed.tenantId, {
          topic: RECEIPT_EMAIL_REQUESTED,
          storeId,
          payload: { receiptEmailId: row.id },
        });
        return toView(row);
      });
    },

    /** How a delivery went; readable by whoever may read the document's receipt. */
    async get(ctx: RequestContext, id: string): Promise<ReceiptEmailView> {
      const authed = authorize(ctx, 'sales.read');
      const row = await db.withTenant(authed, (tx) => selectReceiptEmail(tx, id));
      if (!row) throw notFound('receipt_email', id);
      if (!canAccessStore(authed.actor, row.storeId))
        throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', {
          storeId: row.storeId,
        });
      return toView(row);
    },
  };
}

export type ReceiptEmailService = ReturnType<typeof createReceiptEmailService>;
