import type { Tx } from '@tillpoint/db';
import type { ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { REFUSE } from './approvals.ts';
import type { ExchangeInput } from './exchange-schemas.ts';
import type { RefundRegister } from './refund-register.ts';
import { assertDistinctIds, assertFreshIds, writeWholeSale } from './sale-builder.ts';
import { insertSale } from './sale-queries.ts';
import { cashierIdOf, deviceIdOf, loadSaleCustomer } from './sale-state.ts';
import type { SalesSettings } from './settings.ts';

// The outgoing half of an exchange: the new sale, opened, priced and written exactly as the
// register's submit writes a sale (sale-builder.ts). It is paid and completed by the exchange use
// case once the return's value is known.

type NewSaleInput = ExchangeInput['sale'];

export function checkNewSaleShape(input: NewSaleInput): void {
  assertDistinctIds(input);
}

/** Opens, prices and writes the new sale (not yet paid). Returns its total. */
export async function writeExchangeSale(
  tx: Tx,
  ctx: ServiceContext,
  register: RefundRegister,
  settings: SalesSettings,
  input: NewSaleInput,
  defaultCustomerId: string | null,
): Promise<{ totalMinor: number }> {
  const customerId = input.customerId ?? defaultCustomerId;
  const customer = customerId ? await loadSaleCustomer(tx, customerId) : null;
  const inserted = await insertSale(tx, ctx.tenantId, {
    id: input.id,
    storeId: register.storeId,
    registerId: register.id,
    customerId: customer?.id ?? null,
    cashierId: cashierIdOf(ctx),
    deviceId: deviceIdOf(ctx),
    currency: settings.currency,
    taxMode: settings.taxMode,
    taxRounding: settings.taxRounding,
    roundingMode: settings.roundingMode,
    cashIncrementMinor: settings.cashIncrementMinor,
    taxExempt: customer?.taxExempt ?? false,
    note: input.note?.trim() || null,
    origin: 'online',
    occurredAt: null,
    offlineReference: null,
    submissionHash: null,
  });
  if (!inserted)
    throw new AppError(
      'sale.id_conflict',
      'A sale with this id already exists; give the new sale of the exchange a new id.',
      { saleId: input.id },
    );
  await assertFreshIds(tx, input);

  const priced = await writeWholeSale(tx, ctx, input, {
    storeId: register.storeId,
    settings,
    taxExempt: customer?.taxExempt ?? false,
    offline: false,
    flags: [],
    gate: REFUSE,
  });
  return { totalMinor: priced.totals.totalMinor };
}
