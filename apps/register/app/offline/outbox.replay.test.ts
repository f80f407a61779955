// The outbox replayer against the real platform over real HTTP: sales reach the server once,
// in order, whatever is replayed twice, refused, or sent while the server is away.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectAsOwner } from '@tillpoint/db/testing';
import { priceSale } from '@tillpoint/domain';
import {
  addStaff,
  type Caller,
  createTestApp,
  pairDevice,
  pinSignIn,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '@tillpoint/platform/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SubmitBody, TaxTable } from '../api-types.ts';
import { createMemoryOutboxStore } from './outbox-memory.ts';
import { backoffDelay } from './outbox-policy.ts';
import { createReplayer, type ReplayerOptions } from './outbox-replayer.ts';
import { createSubmitSender } from './outbox-send.ts';
import type { OutboxStore } from './outbox-store.ts';

let t: TestApp;
let owner: pg.Client;
let baseUrl: string;
let retailer: Retailer;
let till: Caller;
let device: Caller;
let cashierId: string;
let cashierPin: string;
let token: string;
let variantId: string;
let taxTable: TaxTable;
const PRICE_MINOR = 1299;

function bearerOf(caller: Caller): string {
  if (caller.bearer === null) throw new Error('caller has no bearer token');
  return caller.bearer;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  owner = await connectAsOwner();
  retailer = await signUpRetailer(t.app, 'Outbox Replay Goods');
  const manager = await addStaff(t.app, retailer, 'manager', { storeIds: [retailer.storeId] });
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
  cashierId = cashier.id;
  cashierPin = cashier.pin;
  const paired = await pairDevice(t.app, manager.caller, retailer.storeId);
  device = paired.device;
  till = await pinSignIn(t.app, device, cashier.id, cashier.pin);
  token = bearerOf(till);
  const drawer = await till.post(`/api/v1/registers/${paired.registerId}/cash-sessions`, {
    counts: { '2000': 5, '500': 8, '100': 10 },
  });
  expect(drawer.status, JSON.stringify(drawer.body)).toBe(201);
  const product = await retailer.owner.post<{ variants: { id: string }[] }>(
    '/api/v1/catalog/products',
    {
      name: 'Replay Tea Tin',
      variants: [{ sku: `RT-${randomUUID().slice(0, 8)}`, priceMinor: PRICE_MINOR }],
    },
  );
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  variantId = product.body.variants[0]?.id ?? '';
  const table = await till.get<TaxTable>(`/api/v1/stores/${retailer.storeId}/tax-table`);
  expect(table.status).toBe(200);
  taxTable = table.body;
});

afterAll(async () => {
  await owner?.end();
  await t?.close();
});

/** The rates the register charges for the item: its category's, here the tenant default's. */
function itemRates() {
  const category = taxTable.categories.find((c) => c.id === taxTable.defaultTaxCategoryId);
  return (category?.rates ?? []).map((rate) => ({
    id: rate.id,
    ratePpm: rate.ratePpm,
    compound: rate.compound,
  }));
}

/** An offline cash sale as the register builds it, its total from the shared engine. */
function saleBody(quantity: number, tamper = 0): SubmitBody {
  const lineId = randomUUID();
  const taxRates = itemRates();
  const priced = priceSale({
    currency: taxTable.currency,
    taxMode: taxTable.taxMode,
    taxRounding: taxTable.taxRounding,
    roundingMode: taxTable.roundingMode,
    lines: [{ id: lineId, quantity, unitPriceMinor: PRICE_MINOR, taxRates }],
  });
  const total = priced.totals.totalMinor;
  return {
    id: randomUUID(),
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    offline: true,
    lines: [{ id: lineId, variantId, quantity, unitPriceMinor: PRICE_MINOR, taxRates }],
    payments: [{ id: randomUUID(), kind: 'cash', amountMinor: Math.ceil(total / 500) * 500 }],
    expectedTotalMinor: total + tamper,
  };
}

async function enqueue(
  store: OutboxStore,
  body: SubmitBody,
  as = token,
  at = Date.now(),
  /** Who sold; null for an entry written before the register recorded it. */
  by: string | null = cashierId,
) {
  return store.put({
    saleId: body.id,
    body,
    token: as,
    ...(by === null ? {} : { userId: by }),
    createdAt: at,
    attempts: 0,
    nextAttemptAt: at,
    state: 'pending',
  });
}

/** Replays with the sender the register uses, recording what the server said per request. */
function replayerFor(
  store: OutboxStore,
  options: Partial<ReplayerOptions> & { url?: string } = {},
) {
  const answers: { saleId: string; status: number; replayed: string | null }[] = [];
  const send = createSubmitSender({
    baseUrl: options.url ?? baseUrl,
    timeoutMs: 5000,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const saleId = new Headers(init?.headers).get('idempotency-key') ?? '';
      answers.push({
        saleId,
        status: response.status,
        replayed: response.headers.get('idempotent-replayed'),
      });
      return response;
    },
  });
  const replayer = createReplayer({ random: () => 0.5, ...options, store, send });
  return { replayer, answers };
}

async function storedSales(ids: readonly string[]) {
  const { rows } = await owner.query<{ sales: number; receipts: number; movements: number }>(
    `select (select count(*)::int from sales where id = any($1::uuid[])) as sales,
       (select count(*)::int from receipt_numbers where document_id = any($1::uuid[])) as receipts,
       (select count(*)::int from stock_movements where reference_id = any($1::uuid[])) as movements`,
    [ids],
  );
  return rows[0];
}

describe('outbox replay against the platform', () => {
  const bodies: SubmitBody[] = [];
  const receipts = new Map<string, number | null>();

  it('delivers queued sales in order, each stored exactly once', async () => {
    const store = createMemoryOutboxStore();
    for (let i = 1; i <= 5; i += 1) {
      const body = saleBody(i);
      bodies.push(body);
      await enqueue(store, body);
    }
    const changes: number[] = [];
    const { replayer, answers } = replayerFor(store, {
      onChange: (stats) => changes.push(stats.pending),
    });

    const report = await replayer.replayOnce();

    expect(report.outcome).toBe('drained');
    expect(report.attention).toEqual([]);
    expect(report.synced.map((s) => s.saleId)).toEqual(bodies.map((b) => b.id));
    expect(report.synced.map((s) => [s.status, s.replayed])).toEqual(
      bodies.map(() => [201, false]),
    );
    expect(answers.map((a) => a.saleId)).toEqual(bodies.map((b) => b.id));
    expect(await replayer.stats()).toEqual({ pending: 0, attention: 0 });
    expect(store.entries()).toEqual([]);
    // Receipt numbers are handed out per register as sales arrive: ascending means in order.
    const numbers = report.synced.map((s) => s.receiptNumber ?? -1);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(5);
    for (const [index, body] of bodies.entries()) {
      const sale = await till.get<{
        id: string;
        status: string;
        origin: string;
        totalMinor: number;
        receiptNumber: number;
      }>(`/api/v1/sales/${body.id}`);
      expect(sale.status).toBe(200);
      expect(sale.body).toMatchObject({
        id: body.id,
        status: 'completed',
        origin: 'offline',
        totalMinor: body.expectedTotalMinor,
        receiptNumber: numbers[index],
      });
      receipts.set(body.id, sale.body.receiptNumber);
    }
    expect(await storedSales(bodies.map((b) => b.id))).toEqual({
      sales: 5,
      receipts: 5,
      movements: 5,
    });
    // The screen's log has the server's answers, newest first.
    expect((await store.synced()).map((s) => s.saleId)).toEqual(bodies.map((b) => b.id).reverse());
    // onChange reports asynchronously, after each entry; the last one sees an empty outbox.
    await vi.waitFor(() => expect(changes.at(-1)).toBe(0));
  });

  it('a second replay of the same entries creates nothing: the server answers from the stored sale', async () => {
    expect(bodies).toHaveLength(5);
    // The register lost its acknowledgements (it crashed after the server committed).
    const store = createMemoryOutboxStore();
    for (const body of bodies) await enqueue(store, body);
    // The same sale queued twice is one entry.
    const again = await enqueue(store, bodies[0] as SubmitBody);
    expect(again.seq).toBe(1);
    expect(await store.counts()).toEqual({ pending: 5, attention: 0 });

    const { replayer, answers } = replayerFor(store);
    const report = await replayer.replayOnce();

    expect(report.outcome).toBe('drained');
    // The Idempotency-Key layer repeats the first answer (201) and says it is a replay.
    expect(answers.map((a) => [a.status, a.replayed])).toEqual(bodies.map(() => [201, 'true']));
    expect(report.synced.map((s) => s.replayed)).toEqual([true, true, true, true, true]);
    expect(report.synced.map((s) => s.receiptNumber)).toEqual(
      bodies.map((b) => receipts.get(b.id)),
    );
    expect(await storedSales(bodies.map((b) => b.id))).toEqual({
      sales: 5,
      receipts: 5,
      movements: 5,
    });
  });

  it('sets refused entries aside and keeps delivering the ones behind them', async () => {
    const store = createMemoryOutboxStore();
    // A PIN session the cashier ended on another screen: its token is revoked.
    const ended = await pinSignIn(t.app, device, cashierId, cashierPin);
    const end = await ended.post('/api/v1/device/sessions/current/end');
    expect(end.status, JSON.stringify(end.body)).toBeLessThan(300);
    const first = saleBody(1);
    const tampered = saleBody(2, -1);
    const revoked = saleBody(1);
    const last = saleBody(3);
    await enqueue(store, first);
    const refused = await enqueue(store, tampered);
    const expired = await enqueue(store, revoked, bearerOf(ended));
    await enqueue(store, last);
    const { replayer } = replayerFor(store);

    const report = await replayer.replayOnce();

    expect(report.outcome).toBe('drained');
    expect(report.synced.map((s) => s.saleId)).toEqual([first.id, last.id]);
    expect(report.attention).toEqual([refused.seq, expired.seq]);
    expect(await replayer.stats()).toEqual({ pending: 0, attention: 2 });
    const kept = await store.list('attention');
    expect(kept.map((e) => [e.saleId, e.attempts, e.lastError?.status, e.lastError?.code])).toEqual(
      [
        [tampered.id, 1, 422, 'sale.total_mismatch'],
        [revoked.id, 1, 401, expect.stringMatching(/^auth\./)],
      ],
    );
    expect((await till.get(`/api/v1/sales/${tampered.id}`)).status).toBe(404);
    expect((await till.get(`/api/v1/sales/${revoked.id}`)).status).toBe(404);
    expect((await storedSales([first.id, last.id]))?.sales).toBe(2);

    // The cashier signs in again: the sale goes out under the new session.
    const retried = await replayer.retry(expired.seq, { userId: cashierId, token });
    expect(retried.synced.map((s) => [s.saleId, s.status])).toEqual([[revoked.id, 201]]);
    expect(await replayer.stats()).toEqual({ pending: 0, attention: 1 });
    expect((await till.get(`/api/v1/sales/${revoked.id}`)).status).toBe(200);
  });

  it('keeps every entry pending, counting attempts, while the server cannot be reached', async () => {
    const closed = await freePort();
    const store = createMemoryOutboxStore();
    const queued = [saleBody(1), saleBody(2), saleBody(1)];
    for (const body of queued) await enqueue(store, body);
    let clock = Date.parse('2026-03-01T09:00:00Z');
    const { replayer } = replayerFor(store, {
      url: `http://127.0.0.1:${closed}`,
      now: () => clock,
    });

    const first = await replayer.replayOnce();
    expect(first.outcome).toBe('retry');
    expect(first.error?.code).toBe('network.unreachable');
    expect(first.retryAt).toBe(clock + backoffDelay(1, () => 0.5));
    clock += 10_000;
    const second = await replayer.replayOnce();
    expect(second.retryAt).toBe(clock + backoffDelay(2, () => 0.5));

    // Strictly in order: the first sale blocks the line, the others are not even tried.
    expect(store.entries().map((e) => [e.saleId, e.state, e.attempts])).toEqual([
      [queued[0]?.id, 'pending', 2],
      [queued[1]?.id, 'pending', 0],
      [queued[2]?.id, 'pending', 0],
    ]);
    expect(await replayer.stats()).toEqual({ pending: 3, attention: 0 });
    expect((await storedSales(queued.map((b) => b.id)))?.sales).toBe(0);

    // The server is back: the same entries go through, once each.
    const back = replayerFor(store).replayer;
    expect((await back.replayOnce()).synced.map((s) => s.saleId)).toEqual(queued.map((b) => b.id));
    expect((await storedSales(queued.map((b) => b.id)))?.sales).toBe(3);
  });

  it("waits as long as Retry-After says, and never takes a stranger's 200 for the sale", async () => {
    let answer: { status: number; type: string; body: string; headers: Record<string, string> };
    const gateway = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': answer.type, ...answer.headers });
      response.end(answer.body);
    });
    const port = await listen(gateway);
    try {
      const store = createMemoryOutboxStore();
      const body = saleBody(1);
      await enqueue(store, body);
      const now = Date.parse('2026-03-01T10:00:00Z');
      const { replayer } = replayerFor(store, { url: `http://127.0.0.1:${port}`, now: () => now });

      answer = {
        status: 503,
        type: 'application/json',
        body: JSON.stringify({ code: 'unavailable', message: 'Down for maintenance' }),
        headers: { 'retry-after': '7' },
      };
      const busy = await replayer.replayOnce();
      expect(busy).toMatchObject({ outcome: 'retry', retryAt: now + 7000 });
      expect(busy.error).toEqual({
        status: 503,
        code: 'unavailable',
        message: 'Down for maintenance',
      });

      answer = { status: 429, type: 'application/json', body: '{}', headers: {} };
      const limited = await replayer.replayOnce();
      expect(limited.retryAt).toBe(now + backoffDelay(2, () => 0.5));

      // A captive portal's sign-in page answering 200 is not the server holding the sale.
      answer = { status: 200, type: 'text/html', body: '<h1>Hotel Wi-Fi</h1>', headers: {} };
      const portal = await replayer.replayOnce();
      expect(portal.outcome).toBe('retry');
      expect(portal.error?.code).toBe('outbox.unexpected_answer');
      expect(store.entries().map((e) => [e.state, e.attempts])).toEqual([['pending', 3]]);
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it('in the background honours back-off until kicked, and two replayers never send twice', async () => {
    const store = createMemoryOutboxStore();
    const later = saleBody(1);
    await enqueue(store, later, token, Date.now());
    await store.bumpAttempt(1, Date.now() + 60_000, {
      status: 0,
      code: 'network.unreachable',
      message: 'x',
    });
    const { replayer, answers } = replayerFor(store, { idlePollMs: 20 });
    replayer.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answers).toEqual([]);
    expect((await replayer.kick()).synced.map((s) => s.saleId)).toEqual([later.id]);
    replayer.stop();

    const shared = createMemoryOutboxStore();
    const racing = [saleBody(1), saleBody(2), saleBody(3)];
    for (const body of racing) await enqueue(shared, body);
    const a = replayerFor(shared);
    const b = replayerFor(shared);
    const reports = await Promise.all([a.replayer.replayOnce(), b.replayer.replayOnce()]);
    // Web Locks (Node has them too) let one round run; the other finds the outbox empty.
    expect([...a.answers, ...b.answers].map((x) => x.status)).toEqual([201, 201, 201]);
    expect(
      reports
        .flatMap((r) => r.synced)
        .map((s) => s.saleId)
        .sort(),
    ).toEqual(racing.map((r) => r.id).sort());
  });
});

describe("a cashier's new session and the queued sales", () => {
  /** A PIN session of the user that the server no longer accepts (ended, as an expired one). */
  async function endedSession(userId: string, pin: string): Promise<string> {
    const session = await pinSignIn(t.app, device, userId, pin);
    const end = await session.post('/api/v1/device/sessions/current/end');
    expect(end.status, JSON.stringify(end.body)).toBeLessThan(300);
    return bearerOf(session);
  }

  async function sellerOf(saleId: string): Promise<string | null> {
    const sale = await till.get<{ cashierId: string | null }>(`/api/v1/sales/${saleId}`);
    expect(sale.status, JSON.stringify(sale.body)).toBe(200);
    return sale.body.cashierId;
  }

  it("on sign-in takes only that cashier's waiting and session-refused sales, in their order", async () => {
    const other = await addStaff(t.app, retailer, 'cashier', { storeIds: [retailer.storeId] });
    const otherToken = bearerOf(await pinSignIn(t.app, device, other.id, other.pin));
    const oldOwn = await endedSession(cashierId, cashierPin);
    const oldOther = await endedSession(other.id, other.pin);
    const store = createMemoryOutboxStore();
    // Sold while the register was cut off, under sessions that ran out meanwhile.
    const own1 = await enqueue(store, saleBody(1), oldOwn);
    const theirs = await enqueue(store, saleBody(2), otherToken, Date.now(), other.id);
    const own2 = await enqueue(store, saleBody(3), oldOwn);
    const legacy = await enqueue(store, saleBody(1), oldOwn, Date.now(), null);
    const mismatch = await enqueue(store, saleBody(2, -1));
    const { replayer } = replayerFor(store);

    const first = await replayer.replayOnce();
    expect(first.synced.map((s) => s.saleId)).toEqual([theirs.saleId]);
    expect(first.attention).toEqual([own1.seq, own2.seq, legacy.seq, mismatch.seq]);
    // Made later, still offline, before the cashier could sign in again.
    const own3 = await enqueue(store, saleBody(1), oldOwn);
    const theirsOld = await enqueue(store, saleBody(2), oldOther, Date.now(), other.id);

    const fresh = bearerOf(await pinSignIn(t.app, device, cashierId, cashierPin));
    const { adopted, report } = await replayer.adopt({ userId: cashierId, token: fresh });

    // Only this cashier's entries refused for their session or waiting on an old token.
    expect(adopted).toEqual([own1.seq, own2.seq, own3.seq]);
    expect(report.synced.map((s) => s.saleId)).toEqual([own1.saleId, own2.saleId, own3.saleId]);
    // The other cashier's old-token sale was sent as it was, and refused: never under this token.
    expect(report.attention).toEqual([theirsOld.seq]);
    expect(
      store.entries().map((e) => [e.seq, e.state, e.token, e.lastError?.status ?? null]),
    ).toEqual([
      [legacy.seq, 'attention', oldOwn, 401],
      [mismatch.seq, 'attention', token, 422],
      [theirsOld.seq, 'attention', oldOther, 401],
    ]);
    for (const entry of [own1, own2, own3]) expect(await sellerOf(entry.saleId)).toBe(cashierId);
    expect(await sellerOf(theirs.saleId)).toBe(other.id);
    expect((await till.get(`/api/v1/sales/${theirsOld.saleId}`)).status).toBe(404);
    expect((await till.get(`/api/v1/sales/${legacy.saleId}`)).status).toBe(404);

    // Signing in again with the same session changes nothing.
    expect((await replayer.adopt({ userId: cashierId, token: fresh })).adopted).toEqual([]);

    // "Send again" by whoever is signed in: someone else's session is not used for the sale.
    const foreign = await replayer.retry(theirsOld.seq, { userId: cashierId, token: fresh });
    expect(foreign.synced).toEqual([]);
    expect(foreign.attention).toEqual([theirsOld.seq]);
    const unknown = await replayer.retry(legacy.seq, { userId: cashierId, token: fresh });
    expect(unknown.attention).toEqual([legacy.seq]);
    expect(store.entries().map((e) => e.token)).toEqual([oldOwn, token, oldOther]);
    expect((await till.get(`/api/v1/sales/${theirsOld.saleId}`)).status).toBe(404);

    // The other cashier signs in: their sale goes out under their own name.
    const otherFresh = bearerOf(await pinSignIn(t.app, device, other.id, other.pin));
    const own = await replayer.retry(theirsOld.seq, { userId: other.id, token: otherFresh });
    expect(own.synced.map((s) => s.saleId)).toEqual([theirsOld.saleId]);
    expect(await sellerOf(theirsOld.saleId)).toBe(other.id);
  });
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** A port nothing listens on: bound, read, released. */
async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}
