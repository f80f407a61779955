import { sql, type Tx } from '@tillpoint/db';
import { deviceOf, type ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { canAccessStore } from '../identity/authorize.ts';
import { type SaleRow, selectSale } from './sale-queries.ts';

// The rules every change to a sale goes through: it is locked, it is in a store the caller works
// in, it is still open, and once money is taken its lines are fixed.

export function assertSaleStore(ctx: ServiceContext, storeId: string): void {
  if (!canAccessStore(ctx.actor, storeId))
    throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', { storeId });
}

/** Locks the sale row for the rest of the transaction: changes to one sale run one at a time. */
export async function lockSale(tx: Tx, ctx: ServiceContext, id: string): Promise<SaleRow> {
  const sale = await selectSale(tx, id, 'for update');
  if (!sale) throw notFound('sale', id);
  assertSaleStore(ctx, sale.storeId);
  return sale;
}

export function stateError(sale: SaleRow): AppError {
  const details = { saleId: sale.id, status: sale.status };
  switch (sale.status) {
    case 'parked':
      return new AppError(
        'sale.parked',
        'This sale is parked; resume it before changing or paying it.',
        details,
      );
    case 'completed':
      return new AppError(
        'sale.already_completed',
        'This sale is already completed; refund it instead of changing it.',
        { ...details, receiptNumber: sale.receiptNumber },
      );
    case 'voided':
      return new AppError('sale.voided', 'This sale was voided; start a new sale.', details);
    case 'open':
      return new AppError('sale.open', 'This sale is still open.', details);
  }
}

export function assertOpen(sale: SaleRow): void {
  if (sale.status !== 'open') throw stateError(sale);
}

/** Lines and discounts are fixed once a payment is captured: the customer paid for them. */
export function assertNoPayments(sale: SaleRow): void {
  if (sale.capturedPayments > 0)
    throw new AppError(
      'sale.has_payments',
      'A payment was already taken on this sale, so its items and discounts can no longer ' +
        'change. Void the sale (the payments are given back) and ring it up again.',
      { saleId: sale.id },
    );
}

/** Checks a client-supplied total against the server's: the register must show what we book. */
export function assertExpectedTotal(expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual)
    throw new AppError(
      'sale.total_mismatch',
      `The register expected a total of ${expected} but the sale totals ${actual} (minor units). ` +
        'Refresh the sale on the register and check the prices before taking payment.',
      { expectedTotalMinor: expected, totalMinor: actual },
    );
}

/** The register a new sale rings on: the signed-in device's, or the one named without one. */
export function registerOf(ctx: ServiceContext, requested: string | undefined): string {
  const device = deviceOf(ctx.actor);
  if (device) {
    if (requested !== undefined && requested !== device.registerId)
      throw new AppError(
        'sale.wrong_register',
        'You are signed in on another register; sell on the register you are signed in on.',
        { registerId: requested, deviceRegisterId: device.registerId },
      );
    return device.registerId;
  }
  if (requested === undefined)
    throw new AppError(
      'sale.register_required',
      'Say which register this sale is rung on (registerId): you are not signed in on one.',
    );
  return requested;
}

export interface RegisterFacts {
  readonly id: string;
  readonly storeId: string;
}

/** A register of a trading store that the caller works in. */
export async function loadRegister(
  tx: Tx,
  ctx: ServiceContext,
  registerId: string,
): Promise<RegisterFacts> {
  const register = await tx.maybeOne<RegisterFacts & { archived: boolean; storeArchived: boolean }>(
    sql`select r.id, r.store_id as "storeId", r.archived_at is not null as archived,
        st.archived_at is not null as "storeArchived"
      from registers r join stores st on st.tenant_id = r.tenant_id and st.id = r.store_id
      where r.id = ${registerId}`,
  );
  if (!register) throw notFound('register', registerId);
  assertSaleStore(ctx, register.storeId);
  if (register.archived || register.storeArchived)
    throw new AppError(
      'register.archived',
      'This register (or its store) is archived and takes no sales.',
      { registerId },
    );
  return { id: register.id, storeId: register.storeId };
}

export function deviceIdOf(ctx: ServiceContext): string | null {
  return deviceOf(ctx.actor)?.deviceId ?? null;
}

export function cashierIdOf(ctx: ServiceContext): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.userId : null;
}

/** The customer a sale is for: they must exist here and not be archived. */
export async function loadSaleCustomer(
  tx: Tx,
  customerId: string,
): Promise<{ id: string; taxExempt: boolean }> {
  const customer = await tx.maybeOne<{ id: string; taxExempt: boolean; archived: boolean }>(
    sql`select id, tax_exempt as "taxExempt", archived_at is not null as archived
      from customers where id = ${customerId}`,
  );
  if (!customer) throw notFound('customer', customerId);
  if (customer.archived)
    throw new AppError(
      'customer.archived',
      'This customer is archived; restore them or sell without a customer.',
      { customerId },
    );
  return { id: customer.id, taxExempt: customer.taxExempt };
}
