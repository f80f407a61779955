import { type Database, sql, type Tx } from '@tillpoint/db';
import { AppError } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import type { RelayedEvent } from '../../events/relay.ts';
import { type JobQueue, PermanentJobError } from '../../jobs/queue.ts';
import { recordAudit } from '../audit/service.ts';
import {
  type CardRefundReason,
  insertCardRefund,
  recordRefundOutcome,
  selectCardPayment,
  selectCardRefund,
} from './card-queries.ts';
import type { PaymentProcessors } from './processors.ts';

// Money going back to a card. The refund document (or the void) commits first with a pending card
// refund and an outbox event in the same transaction; the relay turns the event into a job that
// asks the processor, with an idempotency key derived from the card refund id, until it answers.
// So a crash, a timeout or a processor outage delays the money but never loses or doubles it;
// a refusal (the processor says no) is recorded as failed and shown for a manager to settle.

export const CARD_REFUND_REQUESTED = 'card_refund.requested';
export const CARD_REFUND_JOB = 'card-refunds.settle';

/** Records a card refund to settle after commit; call inside the refund's transaction. */
export async function requestCardRefund(
  tx: Tx,
  tenantId: string,
  outbox: Outbox,
  refund: {
    readonly cardPaymentId: string;
    readonly refundPaymentId: string | null;
    readonly reason: CardRefundReason;
    readonly amountMinor: number;
    readonly storeId: string | null;
  },
): Promise<string> {
  const id = await insertCardRefund(tx, tenantId, refund);
  await outbox.emit(tx, tenantId, {
    topic: CARD_REFUND_REQUESTED,
    storeId: refund.storeId,
    payload: { cardRefundId: id, cardPaymentId: refund.cardPaymentId },
  });
  return id;
}

/** The relay's dispatch for card refund events: one job per card refund, retried with backoff. */
export function enqueueCardRefunds(jobs: JobQueue) {
  return async (event: RelayedEvent): Promise<void> => {
    if (event.topic !== CARD_REFUND_REQUESTED) return;
    const cardRefundId = String(event.payload.cardRefundId);
    await jobs.add(
      CARD_REFUND_JOB,
      { tenantId: event.tenantId, cardRefundId },
      { jobId: `${event.tenantId}:card-refund:${cardRefundId}`, attempts: 10 },
    );
  };
}

export type SettleOutcome = 'succeeded' | 'pending' | 'failed' | 'already_settled';

export function createCardRefundSettler(db: Database, processors: PaymentProcessors) {
  const scope = (tenantId: string) => ({
    tenantId,
    requestId: `card-refund-${tenantId}`,
    ip: '',
    userAgent: null,
    actor: null,
  });

  async function load(tenantId: string, cardRefundId: string) {
    return db.withTenant({ tenantId }, async (tx) => {
      const refund = await selectCardRefund(tx, cardRefundId);
      if (!refund) return null;
      const payment = await selectCardPayment(tx, refund.cardPaymentId);
      if (!payment) throw new Error(`card payment ${refund.cardPaymentId} is missing`);
      return { refund, payment };
    });
  }

  async function record(
    tenantId: string,
    cardRefundId: string,
    storeId: string,
    outcome: Parameters<typeof recordRefundOutcome>[2],
  ): Promise<void> {
    await db.withTenant({ tenantId }, async (tx) => {
      await recordRefundOutcome(tx, cardRefundId, outcome);
      if (outcome.status === 'pending') return;
      await recordAudit(tx, scope(tenantId), {
        action: outcome.status === 'succeeded' ? 'card_refund.settled' : 'card_refund.failed',
        targetType: 'card_refund',
        targetId: cardRefundId,
        storeId,
        after: outcome,
      });
    });
  }

  return {
    /** Asks the processor once; throws when the answer is unknown so the job retries. */
    async settle(tenantId: string, cardRefundId: string): Promise<SettleOutcome> {
      const found = await load(tenantId, cardRefundId);
      if (!found) throw new PermanentJobError(`card refund ${cardRefundId} does not exist`);
      const { refund, payment } = found;
      if (refund.status === 'succeeded') return 'already_settled';
      if (!payment.providerPaymentId)
        throw new PermanentJobError(`card payment ${payment.id} never reached the processor`);
      const processor = await processors.byInstallation(
        { tenantId, storeId: payment.storeId },
        payment.installationId,
      );
      if (!processor) {
        await record(tenantId, refund.id, payment.storeId, {
          status: 'failed',
          error: `The payment plugin ${payment.pluginKey} that took this payment is gone.`,
        });
        return 'failed';
      }
      try {
        const snapshot = await processors.call(processor, 'refund', (adapter) =>
          adapter.refund({
            refundId: refund.id,
            paymentId: payment.id,
            providerPaymentId: payment.providerPaymentId ?? '',
            amountMinor: refund.amountMinor,
            currency: payment.currency,
            reason: refund.reason,
          }),
        );
        if (snapshot.status === 'failed') {
          await record(tenantId, refund.id, payment.storeId, {
            status: 'failed',
            error: snapshot.failure?.message ?? 'The processor refused the refund.',
            providerRefundId: snapshot.providerRefundId,
          });
          return 'failed';
        }
        await record(tenantId, refund.id, payment.storeId, {
          status: snapshot.status,
          providerRefundId: snapshot.providerRefundId,
        });
        return snapshot.status;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // 5xx: we do not know what happened; the same idempotency key makes the retry safe.
        if (error instanceof AppError && error.status < 500) {
          await record(tenantId, refund.id, payment.storeId, { status: 'failed', error: message });
          return 'failed';
        }
        await record(tenantId, refund.id, payment.storeId, { status: 'pending', error: message });
        throw error;
      }
    },

    /** A processor's refund webhook: settles the card refund it names, once. */
    async applyWebhook(
      tenantId: string,
      refundId: string,
      status: 'pending' | 'succeeded' | 'failed',
      providerRefundId: string,
      failure: string | null,
    ): Promise<'applied' | 'ignored'> {
      const found = await load(tenantId, refundId);
      if (!found || found.refund.status === 'succeeded' || status === 'pending') return 'ignored';
      await record(
        tenantId,
        refundId,
        found.payment.storeId,
        status === 'succeeded'
          ? { status, providerRefundId }
          : { status, error: failure ?? 'The processor refused the refund.', providerRefundId },
      );
      return 'applied';
    },
  };
}

export type CardRefundSettler = ReturnType<typeof createCardRefundSettler>;

/**
 * Job handler: settle one card refund. Unknown outcomes throw and retry with the same key; a
 * refund the processor accepted but has not finished ('pending') is settled by its webhook.
 */
export function cardRefundJob(settler: CardRefundSettler) {
  return async (data: { tenantId: string; [key: string]: unknown }) => {
    await settler.settle(data.tenantId, String(data.cardRefundId));
  };
}

/** For views: the card refunds of a card payment. */
export async function refundsOfCardPayment(tx: Tx, cardPaymentId: string) {
  return tx.query<{
    id: string;
    reason: CardRefundReason;
    amountMinor: number;
    status: 'pending' | 'succeeded' | 'failed';
    attempts: number;
    lastError: string | null;
  }>(sql`select id, reason, amount_minor as "amountMinor", status, attempts,
      last_error as "lastError"
    from card_refunds where card_payment_id = ${cardPaymentId} order by created_at, id`);
}
