import type { SubmitBody } from '../api-types.ts';
import type { OutboxEntry } from './records.ts';

// Which credentials an outbox entry goes out with. Normally the PIN session of the cashier who
// made the sale. A sale made under an offline sign-in has no session; until its cashier signs in
// online (adoption then gives it their token), the paired device sends it and names the cashier,
// so the sale reaches the server even if that cashier never signs in here again.

export interface SendPlan {
  readonly token: string;
  readonly body: SubmitBody;
  readonly idempotencyKey: string;
}

/**
 * The plan for the entry, or null when it cannot be sent at all (an offline-sign-in sale on a
 * register that is no longer paired). The device path uses its own Idempotency-Key because the
 * key layer binds a key to the caller who first used it; the sale id still dedupes the sale.
 */
export function sendPlan(entry: OutboxEntry, deviceToken: string | null): SendPlan | null {
  if (entry.token !== '')
    return { token: entry.token, body: entry.body, idempotencyKey: entry.saleId };
  if (!entry.offlineSignIn || entry.userId === undefined || deviceToken === null) return null;
  return {
    token: deviceToken,
    body: {
      ...entry.body,
      offlineCashier: { userId: entry.userId, signedInAt: entry.offlineSignIn.signedInAt },
    },
    idempotencyKey: `${entry.saleId}.offline-sign-in`,
  };
}
