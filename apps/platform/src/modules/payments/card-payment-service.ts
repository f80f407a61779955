import { type Database, isUuid, newId, sql, type Tx } from '@tillpoint/db';
import type { PaymentSnapshot, PaymentWebhookEvent } from '@tillpoint/plugin-sdk';
import { deviceOf, type RequestContext, type ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { emptySale } from '../sales/completion.ts';
import { assertExpectedTotal, assertOpen, assertSaleStore, lockSale } from '../sales/sale-state.ts';
import { loadSaleView } from '../sales/views.ts';
import {
  activeCardPaymentOf,
  type CardPaymentRow,
  insertCardPayment,
  isTerminal,
  markFailed,
  nextStatus,
  selectCardPayment,
  updateFromSnapshot,
} from './card-queries.ts';
import { recordSucceededPayment } from './card-record.ts';
import type { CardRefundSettler } from './card-refunds.ts';
import type { CardPaymentResultView, StartCardPaymentInput } from './card-schemas.ts';
import { cardPaymentView } from './card-views.ts';
import type { PaymentProcessor, PaymentProcessors } from './processors.ts';

// Card payments on the register's reader, driven from the server: start (ask the processor and
// send it to the reader), then follow it to the end by webhook, by the register's sync, or by a
// cancel. Calls to the processor never run inside a database transaction; each answer is then
// applied under the card payment's row lock, moving it only forward.

/** Rounds of "apply, then capture what is authorised" one call may take. */
const MAX_ROUNDS = 3;

export interface WebhookScope {
  readonly tenantId: string;
  readonly requestId: string;
  readonly ip: string;
}

/** A payment confirmed without the cashier (a webhook) completes the sale as its register. */
function registerContext(scope: WebhookScope, payment: CardPaymentRow): ServiceContext {
  return {
    tenantId: scope.tenantId,
    requestId: scope.requestId,
    ip: scope.ip,
    userAgent: null,
    actor: {
      type: 'device',
      device: {
        deviceId: payment.deviceId,
        registerId: payment.registerId,
        storeId: payment.storeId,
      },
    },
  };
}

function idConflict(id: string): AppError {
  return new AppError(
    'payment.id_conflict',
    'Another card payment already has this id; give the new payment a new id.',
    { paymentId: id },
  );
}

async function readerOf(tx: Tx, registerId: string): Promise<string | null> {
  const row = await tx.maybeOne<{ readerId: string | null }>(
    sql`select card_reader_id as "readerId" from registers where id = ${registerId}`,
  );
  return row?.readerId ?? null;
}

export function createCardPaymentService(
  db: Database,
  outbox: Outbox,
  processors: PaymentProcessors,
  refunds: CardRefundSettler,
) {
  async function result(ctx: ServiceContext, id: string): Promise<CardPaymentResultView> {
    // One snapshot for both: under read committed each statement sees the latest commit, so a
    // capture landing between the two reads showed a completed sale next to a card payment still
    // waiting for capture, and a register trusting either half acted on a state that never was.
    return db.withTenant(
      ctx,
      async (tx) => {
        const payment = await selectCardPayment(tx, id);
        if (!payment) throw notFound('card_payment', id);
        return {
          cardPayment: await cardPaymentView(tx, payment),
          sale: await loadSaleView(tx, payment.saleId),
        };
      },
      { isolation: 'repeatable read' },
    );
  }

  /** Applies one answer of the processor; true when the payment now waits for our capture. */
  async function apply(
    ctx: ServiceContext,
    id: string,
    snapshot: PaymentSnapshot,
  ): Promise<boolean> {
    return db.withTenant(
      ctx,
      async (tx) => {
        const payment = await selectCardPayment(tx, id, 'for update');
        if (!payment) throw notFound('card_payment', id);
        if (snapshot.status === 'succeeded') {
          // Money taken is never ignored, even after a cancel or failure raced with the tap.
          if (payment.recordedAt === null && payment.status !== 'reversed')
            await updateFromSnapshot(tx, id, 'succeeded', snapshot);
          await recordSucceededPayment(tx, ctx, outbox, payment, snapshot);
          return false;
        }
        const next = nextStatus(payment.status, snapshot);
        if (next) {
          await updateFromSnapshot(tx, id, next, snapshot);
          if (next === 'failed' || next === 'canceled')
            await recordAudit(tx, ctx, {
              action: next === 'failed' ? 'card_payment.failed' : 'card_payment.canceled',
              targetType: 'card_payment',
              targetId: id,
              storeId: payment.storeId,
              after: { failure: snapshot.failure },
            });
        }
        return (next ?? payment.status) === 'requires_capture';
      },
      { retries: 2 },
    );
  }

  /** Applies an answer, captures what is authorised, and applies the capture's answer. */
  async function follow(
    ctx: ServiceContext,
    processor: PaymentProcessor,
    payment: CardPaymentRow,
    first: PaymentSnapshot,
  ): Promise<void> {
    let snapshot = first;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (!(await apply(ctx, payment.id, snapshot))) return;
      snapshot = await processors.call(processor, 'capture', (adapter) =>
        adapter.capture({
          paymentId: payment.id,
          providerPaymentId: snapshot.providerPaymentId,
        }),
      );
    }
  }

  /** Asks the processor to start the payment on the reader (again, with the same key). */
  async function send(
    ctx: ServiceContext,
    processor: PaymentProcessor,
    payment: CardPaymentRow,
  ): Promise<void> {
    let snapshot: PaymentSnapshot;
    try {
      snapshot = await processors.call(processor, 'startPayment', (adapter) =>
        adapter.startPayment({
          paymentId: payment.id,
          saleId: payment.saleId,
          amountMinor: payment.amountMinor,
          currency: payment.currency,
          readerId: payment.readerId,
          description: `Sale ${payment.saleId}`,
        }),
      );
    } catch (error) {
      // A refusal ends this payment. An unknown outcome (timeout, 5xx) leaves it 'starting':
      // retrying with the same id asks again under the same idempotency key.
      if (error instanceof AppError && error.status < 500)
        await db.withTenant(ctx, (tx) =>
          markFailed(tx, payment.id, { code: error.code, message: error.message }),
        );
      throw error;
    }
    await follow(ctx, processor, payment, snapshot);
  }

  async function processorOf(
    ctx: ServiceContext,
    payment: CardPaymentRow,
  ): Promise<PaymentProcessor> {
    const processor = await processors.byInstallation(
      { tenantId: ctx.tenantId, storeId: payment.storeId },
      payment.installationId,
    );
    if (!processor)
      throw new AppError(
        'payment.plugin_not_enabled',
        `The payment plugin ${payment.pluginKey} that took this payment is no longer installed.`,
        { cardPaymentId: payment.id },
      );
    return processor;
  }

  async function paymentOfSale(
    ctx: ServiceContext,
    saleId: string,
    id: string,
  ): Promise<CardPaymentRow> {
    const payment = await db.withTenant(ctx, (tx) => selectCardPayment(tx, id));
    if (!payment || payment.saleId !== saleId) throw notFound('card_payment', id);
    assertSaleStore(ctx, payment.storeId);
    return payment;
  }

  return {
    async start(
      ctx: RequestContext,
      saleId: string,
      input: StartCardPaymentInput,
    ): Promise<{ result: CardPaymentResultView; replayed: boolean }> {
      const authed = authorize(ctx, 'sales.sell');
      const device = deviceOf(authed.actor);
      if (!device)
        throw new AppError(
          'payment.register_required',
          "Card payments are taken on a paired register's card reader: sign in on the register.",
        );
      const id = input.id ?? newId();
      const existing = await db.withTenant(authed, (tx) => selectCardPayment(tx, id));
      if (existing) {
        if (existing.saleId !== saleId || existing.amountMinor !== input.amountMinor)
          throw idConflict(id);
        assertSaleStore(authed, existing.storeId);
        if (existing.status === 'starting')
          await send(authed, await processorOf(authed, existing), existing);
        return { result: await result(authed, id), replayed: true };
      }

      const processor = await processors.enabled({
        tenantId: authed.tenantId,
        storeId: device.storeId,
      });
      if (!processor)
        throw new AppError(
          'payment.plugin_not_enabled',
          'No payment plugin is enabled for card payments: an admin enables one under ' +
            "Plugins. Until then take cards on a stand-alone terminal and record them as 'external'.",
        );
      const payment = await db.withTenant(authed, async (tx) => {
        const sale = await lockSale(tx, authed, saleId);
        assertOpen(sale);
        assertExpectedTotal(input.expectedTotalMinor, sale.totalMinor);
        if (sale.lineCount === 0) throw emptySale(saleId);
        if (sale.registerId !== device.registerId)
          throw new AppError(
            'sale.wrong_register',
            'This sale rings on another register; take its card payment on that register.',
            { saleId, registerId: sale.registerId },
          );
        const balanceMinor = sale.totalMinor - sale.paidMinor;
        if (input.amountMinor > balanceMinor)
          throw new AppError(
            'payment.amount_exceeds_balance',
            `Only ${balanceMinor} (minor units) is still due; a card payment cannot be more.`,
            { saleId, balanceDueMinor: balanceMinor },
          );
        const active = await activeCardPaymentOf(tx, saleId);
        if (active)
          throw new AppError(
            'payment.card_in_progress',
            'A card payment is already on the reader for this sale: wait for it or cancel it.',
            { saleId, cardPaymentId: active.id },
          );
        const readerId = await readerOf(tx, sale.registerId);
        if (!readerId)
          throw new AppError(
            'payment.no_card_reader',
            'This register has no card reader set up: an admin assigns one to the register.',
            { registerId: sale.registerId },
          );
        await insertCardPayment(tx, authed.tenantId, {
          id,
          saleId,
          storeId: sale.storeId,
          registerId: sale.registerId,
          deviceId: device.deviceId,
          installationId: processor.installation.id,
          pluginKey: processor.installation.key,
          readerId,
          amountMinor: input.amountMinor,
          currency: sale.currency,
          createdBy: authed.actor.type === 'user' ? authed.actor.userId : null,
        });
        await recordAudit(tx, authed, {
          action: 'card_payment.started',
          targetType: 'card_payment',
          targetId: id,
          storeId: sale.storeId,
          after: {
            saleId,
            amountMinor: input.amountMinor,
            readerId,
            plugin: processor.installation.key,
          },
        });
        const row = await selectCardPayment(tx, id);
        if (!row) throw new Error('card payment vanished');
        return row;
      });
      await send(authed, processor, payment);
      return { result: await result(authed, id), replayed: false };
    },

    async get(ctx: RequestContext, saleId: string, id: string): Promise<CardPaymentResultView> {
      const authed = authorize(ctx, 'sales.read');
      await paymentOfSale(authed, saleId, id);
      return result(authed, id);
    },

    /** Asks the processor where the payment stands (the register polls this while it waits). */
    async sync(ctx: RequestContext, saleId: string, id: string): Promise<CardPaymentResultView> {
      const authed = authorize(ctx, 'sales.sell');
      const payment = await paymentOfSale(authed, saleId, id);
      if (isTerminal(payment.status)) return result(authed, id);
      const processor = await processorOf(authed, payment);
      if (payment.providerPaymentId === null) await send(authed, processor, payment);
      else {
        const providerPaymentId = payment.providerPaymentId;
        const snapshot = await processors.call(processor, 'getPayment', (adapter) =>
          adapter.getPayment({ paymentId: id, providerPaymentId }),
        );
        await follow(authed, processor, payment, snapshot);
      }
      return result(authed, id);
    },

    async cancel(ctx: RequestContext, saleId: string, id: string): Promise<CardPaymentResultView> {
      const authed = authorize(ctx, 'sales.sell');
      const payment = await paymentOfSale(authed, saleId, id);
      if (payment.status === 'succeeded' || payment.status === 'reversed')
        throw new AppError(
          'card_payment.already_succeeded',
          'The card was already charged; void the sale or refund it to give the money back.',
          { cardPaymentId: id },
        );
      if (isTerminal(payment.status)) return result(authed, id);
      if (payment.providerPaymentId === null) {
        // Never reached the processor as far as we know; a late success is still recorded.
        await db.withTenant(authed, (tx) =>
          markFailed(tx, id, {
            code: 'payment.canceled',
            message: 'Canceled before the processor answered.',
          }),
        );
        return result(authed, id);
      }
      const providerPaymentId = payment.providerPaymentId;
      const processor = await processorOf(authed, payment);
      const snapshot = await processors.call(processor, 'cancel', (adapter) =>
        adapter.cancel({ paymentId: id, providerPaymentId }),
      );
      await follow(authed, processor, payment, snapshot);
      return result(authed, id);
    },

    /** The webhook sink: a processor's word on one of our payments or refunds. */
    async applyWebhookEvent(
      scope: WebhookScope,
      installation: { readonly id: string; readonly key: string },
      event: PaymentWebhookEvent,
    ): Promise<'applied' | 'ignored'> {
      if (event.type === 'ignored') return 'ignored';
      // Ids that are not ours (a payment made outside the platform) are none of our business.
      const ours = event.type === 'refund' ? event.refund.refundId : event.payment.paymentId;
      if (!isUuid(ours)) return 'ignored';
      if (event.type === 'refund')
        return refunds.applyWebhook(
          scope.tenantId,
          event.refund.refundId,
          event.refund.status,
          event.refund.providerRefundId,
          event.refund.failure?.message ?? null,
        );
      const payment = await db.withTenant(scope, (tx) =>
        selectCardPayment(tx, event.payment.paymentId),
      );
      if (!payment || payment.installationId !== installation.id) return 'ignored';
      // Our id travels in the processor's metadata, but registers choose ids and tenants may share
      // one processor account: only the processor payment we started for this row is ours.
      const known = payment.providerPaymentId;
      if (known !== null && known !== event.payment.providerPaymentId) return 'ignored';
      const ctx = registerContext(scope, payment);
      const processor = await processorOf(ctx, payment);
      // The answer to our own start never came: ask again under the start's idempotency key,
      // which finds the payment we started (and only that one), rather than trust the event.
      if (known === null) await send(ctx, processor, payment);
      else await follow(ctx, processor, payment, event.payment);
      return 'applied';
    },
  };
}

export type CardPaymentService = ReturnType<typeof createCardPaymentService>;
