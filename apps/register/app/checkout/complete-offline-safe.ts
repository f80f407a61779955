import type { SubmitBody } from '../api-types.ts';
import type { OutboxEntry, RegisterDb } from '../offline/db.ts';
import { enqueueSale } from '../offline/outbox.ts';
import type { Cart } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { toSubmitBody } from '../sale/submit-body.ts';

// Completing a sale with no card tender: the whole sale goes into the IndexedDB outbox as the
// POST /api/v1/sales/submit body, and the receipt shows at once. The network is never awaited:
// the replayer sends it now if it can, later otherwise, exactly once (the sale id is its key).

export interface CompleteOfflineSafeInput {
  readonly db: RegisterDb;
  readonly cart: Cart;
  readonly context: SaleContext;
  readonly registerId: string;
  /** The cashier's PIN-session token: the server records who sold. */
  readonly token: string;
  /** Whose token it is: the outbox resends the sale only with this cashier's sessions. */
  readonly user: { readonly id: string; readonly name: string };
  /** Set when the cashier signed in offline and has no session token. */
  readonly offlineSignIn?: { readonly signedInAt: string } | undefined;
  /** Was the server reachable when the sale was made? (flags the sale as offline when not) */
  readonly online: boolean;
  /** Wakes the replayer; called without waiting for it. */
  readonly kick: () => unknown;
  readonly now?: Date;
}

export interface CompletedLocally {
  readonly saleId: string;
  readonly body: SubmitBody;
  readonly entry: OutboxEntry;
}

export async function completeOfflineSafe(
  input: CompleteOfflineSafeInput,
): Promise<CompletedLocally> {
  const now = input.now ?? new Date();
  const body = toSubmitBody(input.cart, input.context, {
    registerId: input.registerId,
    occurredAt: now.toISOString(),
    offline: !input.online,
    // The register's own reference: the receipt shows it until the server numbers the sale.
    ...(input.online ? {} : { offlineReference: `OFF-${input.cart.id.slice(-8).toUpperCase()}` }),
  });
  const entry = await enqueueSale(input.db, {
    body,
    token: input.token,
    user: input.user,
    ...(input.offlineSignIn ? { offlineSignIn: input.offlineSignIn } : {}),
    now: now.getTime(),
  });
  // Fire and forget: the receipt must not wait for the server.
  void Promise.resolve()
    .then(input.kick)
    .catch(() => {});
  return { saleId: body.id, body, entry };
}
