import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  addStaff,
  type Caller,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { CustomerView, StoreCreditAdjustmentView, StoreCreditView } from './schemas.ts';
import { changeStoreCredit } from './store-credit-ledger.ts';
import {
  api,
  auditActions,
  createCustomer,
  creditState,
  expectRefusedWithoutTrace,
  ownerContext,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Retailer;
let manager: StaffMember;
let cashier: StaffMember;
let accountant: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await signUpRetailer(t.app, 'Credit Union Outfitters');
  manager = await addStaff(t.app, shop, 'manager');
  cashier = await addStaff(t.app, shop, 'cashier');
  accountant = await addStaff(t.app, shop, 'accountant');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const refused = (attempt: () => ReturnType<Caller['post']>, status: number, code: string) =>
  expectRefusedWithoutTrace(owner, shop.tenantId, attempt, status, code);

const adjust = (customerId: string, amountMinor: number, reason = 'Goodwill', caller = manager) =>
  caller.caller.post<StoreCreditAdjustmentView>(
    api(`/customers/${customerId}/store-credit/adjustments`),
    { amountMinor, reason },
  );

async function expectLedgerMatches(customerId: string, balance: number): Promise<void> {
  const state = await creditState(owner, customerId);
  expect(state.balance).toBe(balance);
  expect(state.ledger).toBe(balance);
}

/** Spends through the kernel in its own transaction, as a sale's store-credit tender does. */
function spend(customerId: string, amountMinor: number) {
  const ctx = ownerContext(shop);
  return t.db.withTenant(ctx, (tx) =>
    changeStoreCredit(tx, ctx, { customerId, kind: 'payment', amountMinor: -amountMinor }),
  );
}

describe('store credit adjustments', () => {
  it('adds and takes credit, each an entry with the balance after it, audited', async () => {
    const customer = await createCustomer(cashier.caller);
    const up = await adjust(customer.id, 2_500, 'Damaged parcel');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({
      customerId: customer.id,
      balanceMinor: 2_500,
      entry: {
        kind: 'adjustment',
        amountMinor: 2_500,
        balanceAfterMinor: 2_500,
        reason: 'Damaged parcel',
        actorId: manager.id,
        saleId: null,
        refundId: null,
      },
    });
    const down = await adjust(customer.id, -1_000, 'Entered twice');
    expect(down.status).toBe(201);
    expect(down.body.balanceMinor).toBe(1_500);

    const view = await accountant.caller.get<StoreCreditView>(
      api(`/customers/${customer.id}/store-credit`),
    );
    expect(view.status).toBe(200);
    expect(view.body.balanceMinor).toBe(1_500);
    expect(
      view.body.entries.map((e) => [e.kind, e.amountMinor, e.balanceAfterMinor, e.reason]),
    ).toEqual([
      ['adjustment', -1_000, 1_500, 'Entered twice'],
      ['adjustment', 2_500, 2_500, 'Damaged parcel'],
    ]);
    const fetched = await cashier.caller.get<CustomerView>(api(`/customers/${customer.id}`));
    expect(fetched.body.storeCreditMinor).toBe(1_500);
    await expectLedgerMatches(customer.id, 1_500);

    const { rows } = await owner.query(
      `select before, after from audit_events
       where target_id = $1 and action = 'customer.store_credit_adjusted' order by seq`,
      [customer.id],
    );
    expect(rows).toEqual([
      {
        before: { storeCreditMinor: 0 },
        after: { storeCreditMinor: 2_500, amountMinor: 2_500, reason: 'Damaged parcel' },
      },
      {
        before: { storeCreditMinor: 2_500 },
        after: { storeCreditMinor: 1_500, amountMinor: -1_000, reason: 'Entered twice' },
      },
    ]);
  });

  it('refuses going below zero and writes nothing', async () => {
    const customer = await createCustomer(cashier.caller);
    await adjust(customer.id, 300);
    const response = await refused(
      () => adjust(customer.id, -301),
      422,
      'store_credit.insufficient',
    );
    expect(response.body).toMatchObject({ details: { balanceMinor: 300, requestedMinor: 301 } });
    await expectLedgerMatches(customer.id, 300);
    expect((await creditState(owner, customer.id)).entries).toBe(1);
  });

  it('refuses a cashier, a zero amount, a blank reason and a fractional amount', async () => {
    const customer = await createCustomer(cashier.caller);
    await refused(() => adjust(customer.id, 500, 'Nice', cashier), 403, 'auth.forbidden');
    await refused(() => adjust(customer.id, 500, 'Nice', accountant), 403, 'auth.forbidden');
    await refused(() => adjust(customer.id, 0), 422, 'store_credit.invalid_amount');
    await refused(() => adjust(customer.id, 500, '   '), 422, 'store_credit.reason_required');
    await refused(() => adjust(customer.id, 10.5), 400, 'validation.failed');
    await refused(
      () =>
        manager.caller.post(api(`/customers/${customer.id}/store-credit/adjustments`), {
          amountMinor: 5,
        }),
      400,
      'validation.failed',
    );
    await expectLedgerMatches(customer.id, 0);
  });

  it('pages through the ledger newest first', async () => {
    const customer = await createCustomer(cashier.caller);
    for (const amount of [100, 200, 300, 400, 500]) await adjust(customer.id, amount);
    const first = await cashier.caller.get<StoreCreditView>(
      api(`/customers/${customer.id}/store-credit?limit=2`),
    );
    expect(first.body.entries.map((e) => e.amountMinor)).toEqual([500, 400]);
    const seen = [...first.body.entries];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await cashier.caller.get<StoreCreditView>(
        api(`/customers/${customer.id}/store-credit?limit=2&cursor=${cursor}`),
      );
      seen.push(...next.body.entries);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((e) => e.balanceAfterMinor)).toEqual([1_500, 1_000, 600, 300, 100]);
  });
});

describe('archiving and store credit', () => {
  it('refuses to archive a customer holding credit, and archives once it is used up', async () => {
    const customer = await createCustomer(cashier.caller);
    await adjust(customer.id, 700);
    const response = await refused(
      () => cashier.caller.post(api(`/customers/${customer.id}/archive`)),
      422,
      'customer.has_store_credit',
    );
    expect(response.body).toMatchObject({ details: { storeCreditMinor: 700 } });
    await spend(customer.id, 700);
    const archived = await cashier.caller.post<CustomerView>(
      api(`/customers/${customer.id}/archive`),
    );
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
  });

  it('lets credit be given to an archived customer but spent only once restored', async () => {
    const customer = await createCustomer(cashier.caller);
    await cashier.caller.post(api(`/customers/${customer.id}/archive`));
    // A refund paid as store credit after archiving (the kernel accepts credit going in).
    const ctx = ownerContext(shop);
    await t.db.withTenant(ctx, (tx) =>
      changeStoreCredit(tx, ctx, {
        customerId: customer.id,
        kind: 'refund_credit',
        amountMinor: 900,
      }),
    );
    await refused(() => adjust(customer.id, -100), 422, 'customer.archived');
    await expect(spend(customer.id, 100)).rejects.toMatchObject({ code: 'customer.archived' });
    expect((await cashier.caller.post(api(`/customers/${customer.id}/restore`))).status).toBe(200);
    await spend(customer.id, 100);
    await expectLedgerMatches(customer.id, 800);
    expect(await auditActions(owner, customer.id)).toEqual([
      'customer.created',
      'customer.archived',
      'customer.restored',
    ]);
  });
});

describe('the store credit kernel', () => {
  it('lets exactly one of two concurrent spends of the same credit win', async () => {
    const customer = await createCustomer(cashier.caller);
    await adjust(customer.id, 500);
    const ctx = ownerContext(shop);
    let spent!: () => void;
    const firstSpent = new Promise<void>((resolve) => {
      spent = resolve;
    });
    // The first register spends and holds its transaction open until the second one is
    // waiting on the customer's row lock; then it commits.
    const first = t.db.withTenant(ctx, async (tx) => {
      const result = await changeStoreCredit(tx, ctx, {
        customerId: customer.id,
        kind: 'payment',
        amountMinor: -500,
      });
      spent();
      await waitForLockWaiter();
      return result;
    });
    await firstSpent;
    const second = spend(customer.id, 500);
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { balanceAfterMinor: 0 } });
    expect(b.status).toBe('rejected');
    const error = (b as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'store_credit.insufficient',
      details: { balanceMinor: 0, requestedMinor: 500 },
    });
    await expectLedgerMatches(customer.id, 0);
    expect((await creditState(owner, customer.id)).entries).toBe(2);
  });

  it('never oversells under a burst of simultaneous spends', async () => {
    const customer = await createCustomer(cashier.caller);
    await adjust(customer.id, 500);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => spend(customer.id, 200)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(2);
    for (const loss of lost)
      expect(loss.reason).toMatchObject({ code: 'store_credit.insufficient' });
    await expectLedgerMatches(customer.id, 100);
    const view = await cashier.caller.get<StoreCreditView>(
      api(`/customers/${customer.id}/store-credit`),
    );
    // Entries chain: each balance is the one before it plus its amount.
    const chronological = [...view.body.entries].reverse();
    let balance = 0;
    for (const entry of chronological) {
      balance += entry.amountMinor;
      expect(entry.balanceAfterMinor).toBe(balance);
    }
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    const customer = await createCustomer(cashier.caller);
    await adjust(customer.id, 400);
    const ctx = ownerContext(shop);
    await expect(
      t.db.withTenant(ctx, async (tx) => {
        await changeStoreCredit(tx, ctx, {
          customerId: customer.id,
          kind: 'payment',
          amountMinor: -400,
        });
        throw new Error('the sale failed later');
      }),
    ).rejects.toThrow('the sale failed later');
    await expectLedgerMatches(customer.id, 400);
    expect((await creditState(owner, customer.id)).entries).toBe(1);
  });
});

/** Waits (up to 5 s) until some transaction is blocked on a row lock updating customers. */
async function waitForLockWaiter(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const { rows } = await owner.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where wait_event_type = 'Lock' and query ilike 'update customers%'`,
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the second spend never waited for the first one');
}
