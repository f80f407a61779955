import { createHash } from 'node:crypto';
import type { Database, Tx } from '@tillpoint/db';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { canonicalJson } from '../../http/idempotency-fingerprint.ts';
import { authorize } from '../identity/authorize.ts';
import { REFUSE } from './approvals.ts';
import { completeSale } from './completion.ts';
import { lineQuantityMilli } from './line-build.ts';
import { offlineDeviceContext, offlineSeller, offlineSignInFlag } from './offline-cashier.ts';
import { assertDistinctIds, assertFreshIds, writeWholeSale } from './sale-builder.ts';
import { insertSale, selectSale } from './sale-queries.ts';
import type { SaleFlagView, SaleView, SubmitInput } from './sale-schemas.ts';
import {
  assertSaleStore,
  cashierIdOf,
  deviceIdOf,
  loadRegister,
  loadSaleCustomer,
  registerOf,
} from './sale-state.ts';
import { loadSalesSettings } from './settings.ts';
import { captureTenders } from './tenders.ts';
import { loadSaleView } from './views.ts';

// The register's outbox call: a whole sale (lines, discounts, payments) created, priced, paid and
// completed in ONE transaction. The register chooses the sale id, so a replay (a timeout, a crash
// between our commit and its receipt of the answer) finds the sale by id: the same body gets the
// stored sale back, any number of times; another body under that id is refused. An offline sale
// already happened at the till, so what would refuse it online (stock, the drawer, approvals)
// becomes a flag on it instead; stored value (gift cards, store credit) is still checked, because
// spending it twice would lose real money.

const RETRY = { retries: 2 } as const;

async function replay(
  tx: Tx,
  ctx: ServiceContext,
  id: string,
  hash: Buffer,
): Promise<{ sale: SaleView; replayed: true }> {
  const existing = await selectSale(tx, id);
  if (!existing?.submissionHash?.equals(hash))
    throw new AppError(
      'sale.id_conflict',
      'A different sale was already submitted with this id. Submit a new sale with a new id; ' +
        'resend a sale only exactly as it was first sent.',
      { saleId: id },
    );
  assertSaleStore(ctx, existing.storeId);
  return { sale: await loadSaleView(tx, id), replayed: true };
}

/**
 * What makes two submissions the same sale: the body without who vouched for the cashier. A sale
 * first sent by the device for an offline sign-in and later resent under that cashier's own PIN
 * session (or the other way round) is the same sale and gets the stored one back.
 */
function saleContent(input: SubmitInput): SubmitInput {
  if (input.offlineCashier === undefined) return input;
  const { offlineCashier: _vouched, ...sale } = input;
  return sale;
}

export function createSubmitService(db: Database, outbox: Outbox) {
  return {
    async submit(
      ctx: RequestContext,
      input: SubmitInput,
    ): Promise<{ sale: SaleView; replayed: boolean }> {
      // A device token sells only for a cashier who signed in offline (offline-cashier.ts).
      const deviceCtx = offlineDeviceContext(ctx, input);
      const caller = deviceCtx ?? authorize(ctx, 'sales.sell');
      const registerId = registerOf(caller, input.registerId);
      const hash = createHash('sha256')
        .update(canonicalJson(saleContent(input)))
        .digest();
      for (const line of input.lines)
        if (line.kind !== 'gift_card') lineQuantityMilli(line.quantity);
      assertDistinctIds(input);
      const occurredAt = new Date(input.occurredAt).toISOString();
      const note = input.note?.trim() || null;

      return db.withTenant(
        caller,
        async (tx) => {
          // A resend of a sale already stored is answered as before, even if its cashier has
          // been disabled since: the sale happened and is held exactly once.
          if (deviceCtx && (await selectSale(tx, input.id)))
            return replay(tx, deviceCtx, input.id, hash);
          const authed =
            deviceCtx && input.offlineCashier
              ? await offlineSeller(tx, deviceCtx, input.offlineCashier)
              : caller;
          const register = await loadRegister(tx, authed, registerId);
          const settings = await loadSalesSettings(tx);
          const customer = input.customerId ? await loadSaleCustomer(tx, input.customerId) : null;
          const inserted = await insertSale(tx, authed.tenantId, {
            id: input.id,
            storeId: register.storeId,
            registerId: register.id,
            customerId: customer?.id ?? null,
            cashierId: cashierIdOf(authed),
            deviceId: deviceIdOf(authed),
            currency: settings.currency,
            taxMode: settings.taxMode,
            taxRounding: settings.taxRounding,
            roundingMode: settings.roundingMode,
            cashIncrementMinor: settings.cashIncrementMinor,
            taxExempt: customer?.taxExempt ?? false,
            note,
            origin: input.offline ? 'offline' : 'online',
            occurredAt,
            offlineReference: input.offlineReference?.trim() || null,
            submissionHash: hash,
          });
          if (!inserted) return replay(tx, authed, input.id, hash);
          await assertFreshIds(tx, input);

          const flags: SaleFlagView[] = input.offlineCashier
            ? [offlineSignInFlag(input.offlineCashier)]
            : [];
          const priced = await writeWholeSale(tx, authed, input, {
            storeId: register.storeId,
            settings,
            taxExempt: customer?.taxExempt ?? false,
            offline: input.offline,
            flags,
            gate: input.offline ? { mode: 'flag', flags } : REFUSE,
          });

          const sale = await selectSale(tx, input.id, 'for update');
          if (!sale) throw new Error('submitted sale vanished');
          await captureTenders(tx, authed, sale, input.payments, {
            offline: input.offline,
            flags,
            occurredAt,
          });
          // Completion re-reads the locked sale and refuses it while a balance is due.
          await completeSale(tx, authed, outbox, input.id, {
            offline: input.offline,
            occurredAt,
            flags,
            allowNegativeStock: settings.allowNegativeStock,
            audit: {
              submitted: true,
              occurredAt,
              offlineReference: input.offlineReference ?? null,
              pricedTotalMinor: priced.totals.totalMinor,
              lines: input.lines.length,
              payments: input.payments.length,
              ...(input.offlineCashier
                ? {
                    offlineSignIn: { ...input.offlineCashier, vouchedByDevice: deviceIdOf(authed) },
                  }
                : {}),
            },
          });
          return { sale: await loadSaleView(tx, input.id), replayed: false };
        },
        RETRY,
      );
    },
  };
}
