import type { Tx } from '@tillpoint/db';
import {
  type CountedCash,
  countCash,
  type DenominationCounts,
  formatMinor,
  getCurrency,
  isCashError,
} from '@tillpoint/domain';
import { deviceOf, type ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { canAccessStore } from '../identity/authorize.ts';
import { type SessionLock, type SessionRow, selectSession } from './queries.ts';

// Checks shared by the cash use cases. All run before anything is written, so a refused request
// leaves no trace.

export const TARGET = 'cash_session';

/** Drawers are opened, counted and closed by a person, who is recorded as doing it. */
export function personOf(ctx: ServiceContext): string {
  if (ctx.actor.type !== 'user')
    throw new AppError('auth.forbidden', 'A signed-in person operates the cash drawer.');
  return ctx.actor.userId;
}

/** The domain's count checks, as API errors (422 with the domain's stable code). */
export function counted(counts: DenominationCounts, currency: string): CountedCash {
  try {
    return countCash(counts, currency);
  } catch (error) {
    if (isCashError(error)) throw new AppError(error.code, error.message, { ...error.details });
    throw error;
  }
}

/** "12.50 USD" for messages; raw minor units for a currency the engine does not know. */
export function money(amountMinor: number, currency: string): string {
  try {
    return `${formatMinor(amountMinor, getCurrency(currency))} ${currency}`;
  } catch {
    return `${amountMinor} minor units of ${currency}`;
  }
}

export function assertOpen(session: SessionRow): void {
  if (session.status === 'closed')
    throw new AppError(
      'cash_session.closed',
      'This cash session is closed; open a new session on the register to handle cash.',
      { cashSessionId: session.id, closedAt: session.closedAt },
    );
}

export function assertStore(ctx: ServiceContext, storeId: string): void {
  if (!canAccessStore(ctx.actor, storeId))
    throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', { storeId });
}

/**
 * A register's drawer is worked from that register: a device, or a person signed in with a PIN
 * on one, operates only its own register's cash sessions. Back-office callers (no device) keep
 * the store check alone, so a manager may still read and close any drawer of their stores.
 */
export function assertOwnRegister(ctx: ServiceContext, registerId: string): void {
  const device = deviceOf(ctx.actor);
  if (device && device.registerId !== registerId)
    throw new AppError(
      'cash_session.wrong_register',
      "You are signed in on another register; work this register's drawer from that register, or from the back office.",
      { registerId, deviceRegisterId: device.registerId },
    );
}

/** Loads (and locks) a session the caller may work on: other tenants' are "not found". */
export async function sessionFor(
  tx: Tx,
  ctx: ServiceContext,
  id: string,
  lock: SessionLock,
): Promise<SessionRow> {
  const session = await selectSession(tx, id, lock);
  if (!session) throw notFound(TARGET, id);
  assertStore(ctx, session.storeId);
  assertOwnRegister(ctx, session.registerId);
  return session;
}

/** The session as stored now (after a write in this transaction). */
export async function reloaded(tx: Tx, id: string): Promise<SessionRow> {
  const row = await selectSession(tx, id);
  if (!row) throw notFound(TARGET, id);
  return row;
}

/** Tells listeners (registers, back office) that a drawer opened or closed. */
export async function announce(
  tx: Tx,
  outbox: Outbox,
  ctx: ServiceContext,
  session: SessionRow,
  status: 'open' | 'closed',
): Promise<void> {
  await outbox.emit(tx, ctx.tenantId, {
    topic: 'cash_session.changed',
    storeId: session.storeId,
    payload: { cashSessionId: session.id, registerId: session.registerId, status },
  });
}
