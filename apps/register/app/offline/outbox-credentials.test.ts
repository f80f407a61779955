import { describe, expect, it } from 'vitest';
import type { SubmitBody } from '../api-types.ts';
import { sendPlan } from './outbox-credentials.ts';
import { createSubmitSender } from './outbox-send.ts';
import { adoptSession } from './outbox-sessions.ts';
import type { OutboxEntry } from './records.ts';

// Which credentials a queued sale goes out with: its cashier's PIN session when it has one, the
// paired device naming the cashier for a sale made under an offline sign-in.

const body = { id: 'sale-1', offline: true, lines: [] } as unknown as SubmitBody;
const signedInAt = '2026-11-24T08:00:00.000Z';

/** An offline sign-in sale of Ann's; `ordinary: true` makes it a sale made under a PIN session. */
function entry(change: Partial<OutboxEntry>, ordinary = false): OutboxEntry {
  const made: OutboxEntry = {
    seq: 1,
    saleId: 'sale-1',
    body,
    token: '',
    userId: 'ann',
    userName: 'Ann',
    offlineSignIn: { signedInAt },
    createdAt: 1000,
    attempts: 0,
    nextAttemptAt: 1000,
    state: 'pending',
    ...change,
  };
  if (!ordinary) return made;
  const { offlineSignIn: _signedIn, ...withoutSignIn } = made;
  return withoutSignIn;
}

describe('the credentials a queued sale is sent with', () => {
  it('sends an offline sign-in sale with the device token, naming its cashier', () => {
    expect(sendPlan(entry({}), 'tpd_device')).toEqual({
      token: 'tpd_device',
      body: { ...body, offlineCashier: { userId: 'ann', signedInAt } },
      idempotencyKey: 'sale-1.offline-sign-in',
    });
  });

  it('uses the cashier session, unchanged body, once the cashier signed in online (adoption)', () => {
    const adopted = adoptSession(entry({}), { userId: 'ann', token: 'tps_ann' }, 2000);
    expect(adopted).not.toBeNull();
    expect(sendPlan(adopted ?? entry({}), 'tpd_device')).toEqual({
      token: 'tps_ann',
      body,
      idempotencyKey: 'sale-1',
    });
  });

  it('never names a cashier for an ordinary sale', () => {
    const plan = sendPlan(entry({ token: 'tps_bob' }, true), 'tpd_device');
    expect(plan?.token).toBe('tps_bob');
    expect(plan?.body).not.toHaveProperty('offlineCashier');
  });

  it('has nothing to send with when the register is unpaired or the seller is unknown', () => {
    expect(sendPlan(entry({}), null)).toBeNull();
    expect(sendPlan(entry({}, true), 'tpd_device')).toBeNull();
    const { userId: _userId, ...unknownSeller } = entry({});
    expect(sendPlan(unknownSeller, 'tpd_device')).toBeNull();
  });
});

describe('the submit sender', () => {
  it('puts the chosen credentials on the request', async () => {
    const seen: { headers: Record<string, string>; body: unknown }[] = [];
    const send = createSubmitSender({
      baseUrl: 'http://platform.test',
      deviceToken: () => 'tpd_device',
      fetch: async (_input, init) => {
        seen.push({
          headers: init?.headers as Record<string, string>,
          body: JSON.parse(String(init?.body)),
        });
        return new Response(JSON.stringify({ id: 'sale-1' }), { status: 201 });
      },
    });
    await send(entry({}));
    expect(seen[0]?.headers.authorization).toBe('Bearer tpd_device');
    expect(seen[0]?.headers['idempotency-key']).toBe('sale-1.offline-sign-in');
    expect(seen[0]?.body).toMatchObject({ offlineCashier: { userId: 'ann', signedInAt } });
  });

  it('answers a sale it cannot send like a refused session, without calling the server', async () => {
    let calls = 0;
    const send = createSubmitSender({
      baseUrl: 'http://platform.test',
      fetch: async () => {
        calls += 1;
        return new Response(null, { status: 500 });
      },
    });
    const reply = await send(entry({}));
    expect(reply.status).toBe(401);
    expect(calls).toBe(0);
  });
});
