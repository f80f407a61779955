import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  Caller,
  type Retailer,
  randomIp,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import {
  api,
  auditActions,
  expectRefusedWithoutTrace,
  NO_SUCH_ID,
} from '../customers/test-support.ts';
import { GIFT_CARD_LOOKUPS_PER_MINUTE } from './routes.ts';
import type { GiftCardAdjustmentView, GiftCardDetailView, GiftCardView } from './schemas.ts';
import { changeBalance, freshCode, issueCard } from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Retailer;
let other: Retailer;
let manager: StaffMember;
let cashier: StaffMember;
let accountant: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await signUpRetailer(t.app, 'Card Shop');
  other = await signUpRetailer(t.app, 'Other Card Shop');
  manager = await addStaff(t.app, shop, 'manager');
  cashier = await addStaff(t.app, shop, 'cashier');
  accountant = await addStaff(t.app, shop, 'accountant');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const refused = (attempt: () => ReturnType<Caller['post']>, status: number, code: string) =>
  expectRefusedWithoutTrace(owner, shop.tenantId, attempt, status, code);

const lookup = (caller: Caller, code: string) =>
  caller.post<GiftCardView>(api('/gift-cards/lookup'), { code });

const adjust = (id: string, amountMinor: number, caller = manager.caller, reason = 'Correction') =>
  caller.post<GiftCardAdjustmentView>(api(`/gift-cards/${id}/adjustments`), {
    amountMinor,
    reason,
  });

const redeem = (giftCardId: string, amountMinor: number) =>
  changeBalance(t, shop, { giftCardId, kind: 'redeem', amountMinor: -amountMinor });

describe('gift card lookup', () => {
  it('finds a card by its number however it is typed, and shows only the last 4', async () => {
    const { card, code } = await issueCard(t, shop, 5_000);
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    const response = await lookup(cashier.caller, typed);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      id: card.id,
      last4: code.replace(/-/g, '').slice(-4),
      currency: 'USD',
      balanceMinor: 5_000,
      status: 'active',
      expiresAt: null,
    });
    expect(JSON.stringify(response.body)).not.toContain(code.replace(/-/g, '').slice(0, 8));
    expect((await lookup(accountant.caller, code)).status).toBe(200);
  });

  it('answers not found for an unknown number and refuses a malformed one', async () => {
    const unknown = await lookup(cashier.caller, freshCode());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'gift_card.not_found' });
    const malformed = await lookup(cashier.caller, 'abc');
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ code: 'gift_card.invalid_code' });
    const inUrl = await cashier.caller.get(api(`/gift-cards/lookup?code=${freshCode()}`));
    expect(inUrl.status).toBe(400);
  });

  it(`rate-limits lookups per caller to ${GIFT_CARD_LOOKUPS_PER_MINUTE} a minute`, async () => {
    const guesser = await addStaff(t.app, shop, 'cashier');
    for (let attempt = 1; attempt <= GIFT_CARD_LOOKUPS_PER_MINUTE; attempt++) {
      const response = await lookup(guesser.caller, freshCode());
      expect(response.status, `attempt ${attempt}`).toBe(404);
    }
    const limited = await lookup(guesser.caller, freshCode());
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate_limited' });
    // Moving to another address does not help: the limit follows the person.
    const elsewhere = new Caller(t.app, {
      cookie: guesser.caller.cookie ?? '',
      csrfToken: guesser.caller.csrfToken ?? '',
      ip: randomIp(),
    });
    expect((await lookup(elsewhere, freshCode())).status).toBe(429);
    // Someone else at the guesser's address is not affected.
    const colleague = new Caller(t.app, {
      cookie: cashier.caller.cookie ?? '',
      csrfToken: cashier.caller.csrfToken ?? '',
      ip: guesser.caller.ip,
    });
    expect((await lookup(colleague, freshCode())).status).toBe(404);
  });
});

describe('a gift card and its ledger', () => {
  it('shows the card with its entries, newest first, paged', async () => {
    const { card } = await issueCard(t, shop, 10_000);
    await redeem(card.id, 2_500);
    await changeBalance(t, shop, { giftCardId: card.id, kind: 'top_up', amountMinor: 1_000 });
    const response = await accountant.caller.get<GiftCardDetailView>(
      api(`/gift-cards/${card.id}?limit=2`),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id: card.id, balanceMinor: 8_500, status: 'active' });
    expect(response.body.entries.map((e) => [e.kind, e.amountMinor, e.balanceAfterMinor])).toEqual([
      ['top_up', 1_000, 8_500],
      ['redeem', -2_500, 7_500],
    ]);
    const rest = await accountant.caller.get<GiftCardDetailView>(
      api(`/gift-cards/${card.id}?limit=2&cursor=${response.body.nextCursor}`),
    );
    expect(rest.body.entries.map((e) => [e.kind, e.amountMinor, e.balanceAfterMinor])).toEqual([
      ['issue', 10_000, 10_000],
    ]);
    expect(rest.body.nextCursor).toBeNull();
    const graph = await cashier.caller.graphql<{
      giftCard: { last4: string; balanceMinor: number; entries: { kind: string }[] };
    }>('query($id: ID!) { giftCard(id: $id) { last4 balanceMinor entries { kind } } }', {
      id: card.id,
    });
    expect(graph.body.errors).toBeUndefined();
    expect(graph.body.data?.giftCard).toEqual({
      last4: card.last4,
      balanceMinor: 8_500,
      entries: [{ kind: 'top_up' }, { kind: 'redeem' }, { kind: 'issue' }],
    });
  });

  it('answers not found for unknown ids', async () => {
    const attempts = [
      () => manager.caller.get(api(`/gift-cards/${NO_SUCH_ID}`)),
      () => manager.caller.post(api(`/gift-cards/${NO_SUCH_ID}/disable`), { reason: 'Lost' }),
      () => manager.caller.post(api(`/gift-cards/${NO_SUCH_ID}/enable`), {}),
      () => adjust(NO_SUCH_ID, 100),
      () => manager.caller.patch(api(`/gift-cards/${NO_SUCH_ID}`), { expiresAt: null }),
    ];
    for (const attempt of attempts) await refused(attempt, 404, 'gift_card.not_found');
  });
});

describe('disabling and enabling', () => {
  it('stops redeeming and topping up a disabled card, but still takes value back', async () => {
    const { card, code } = await issueCard(t, shop, 3_000);
    const disabled = await manager.caller.post<GiftCardView>(
      api(`/gift-cards/${card.id}/disable`),
      {
        reason: 'Reported stolen',
      },
    );
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body.status).toBe('disabled');
    expect((await lookup(cashier.caller, code)).body.status).toBe('disabled');

    await expect(redeem(card.id, 100)).rejects.toMatchObject({ code: 'gift_card.disabled' });
    await expect(
      changeBalance(t, shop, { giftCardId: card.id, kind: 'top_up', amountMinor: 100 }),
    ).rejects.toMatchObject({ code: 'gift_card.disabled' });
    // A voided sale gives its redeemed value back even to a disabled card.
    await changeBalance(t, shop, { giftCardId: card.id, kind: 'redeem_reversal', amountMinor: 50 });

    // Disabling again changes and records nothing.
    const again = await manager.caller.post<GiftCardView>(api(`/gift-cards/${card.id}/disable`), {
      reason: 'Still stolen',
    });
    expect(again.body).toEqual({ ...disabled.body, balanceMinor: 3_050 });

    const enabled = await manager.caller.post<GiftCardView>(api(`/gift-cards/${card.id}/enable`), {
      reason: 'Found by its owner',
    });
    expect(enabled.body.status).toBe('active');
    await redeem(card.id, 1_050);
    expect(await auditActions(owner, card.id)).toEqual(['gift_card.disabled', 'gift_card.enabled']);
    const { rows } = await owner.query(
      `select before, after from audit_events where target_id = $1 order by seq`,
      [card.id],
    );
    expect(rows[0]).toEqual({
      before: { status: 'active' },
      after: { status: 'disabled', reason: 'Reported stolen' },
    });
    // The card number never reaches the audit trail.
    const { rows: leaked } = await owner.query(
      `select count(*)::int as n from audit_events where tenant_id = $1
       and (before::text ilike $2 or after::text ilike $2)`,
      [shop.tenantId, `%${code.replace(/-/g, '').slice(0, 8)}%`],
    );
    expect(leaked[0].n).toBe(0);
  });

  it('refuses a cashier and a missing or blank reason, writing nothing', async () => {
    const { card } = await issueCard(t, shop, 1_000);
    await refused(
      () => cashier.caller.post(api(`/gift-cards/${card.id}/disable`), { reason: 'Mine now' }),
      403,
      'auth.forbidden',
    );
    await refused(
      () => manager.caller.post(api(`/gift-cards/${card.id}/disable`), {}),
      400,
      'validation.failed',
    );
    await refused(
      () => manager.caller.post(api(`/gift-cards/${card.id}/disable`), { reason: '  ' }),
      422,
      'gift_card.reason_required',
    );
  });
});

describe('balance adjustments', () => {
  it('adds and takes value with a reason, audited, never below zero', async () => {
    const { card } = await issueCard(t, shop, 1_000);
    const up = await adjust(card.id, 500, manager.caller, 'Goodwill');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({
      card: { id: card.id, balanceMinor: 1_500 },
      entry: { kind: 'adjustment', amountMinor: 500, balanceAfterMinor: 1_500, reason: 'Goodwill' },
    });
    const down = await adjust(card.id, -1_200);
    expect(down.body.card.balanceMinor).toBe(300);
    const response = await refused(
      () => adjust(card.id, -301),
      422,
      'gift_card.insufficient_balance',
    );
    expect(response.body).toMatchObject({ details: { balanceMinor: 300, requestedMinor: 301 } });
    expect(await auditActions(owner, card.id)).toEqual([
      'gift_card.balance_adjusted',
      'gift_card.balance_adjusted',
    ]);
    const { rows } = await owner.query(
      `select (select balance_minor from gift_cards where id = $1)::int as balance,
         (select sum(amount_minor) from gift_card_entries where gift_card_id = $1)::int as ledger`,
      [card.id],
    );
    expect(rows[0]).toEqual({ balance: 300, ledger: 300 });
  });

  it('refuses a cashier, zero, and taking value off a disabled card', async () => {
    const { card } = await issueCard(t, shop, 1_000);
    await refused(() => adjust(card.id, 100, cashier.caller), 403, 'auth.forbidden');
    await refused(() => adjust(card.id, 0), 422, 'gift_card.invalid_amount');
    await manager.caller.post(api(`/gift-cards/${card.id}/disable`), { reason: 'Lost' });
    await refused(() => adjust(card.id, -100), 422, 'gift_card.disabled');
  });

  it('lets exactly as many simultaneous redemptions win as the balance covers', async () => {
    const { card } = await issueCard(t, shop, 1_000);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => redeem(card.id, 300)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const result of results)
      if (result.status === 'rejected')
        expect(result.reason).toMatchObject({ code: 'gift_card.insufficient_balance' });
    const detail = await manager.caller.get<GiftCardDetailView>(api(`/gift-cards/${card.id}`));
    expect(detail.body.balanceMinor).toBe(100);
    let balance = 0;
    for (const entry of [...detail.body.entries].reverse()) {
      balance += entry.amountMinor;
      expect(entry.balanceAfterMinor).toBe(balance);
    }
  });
});

describe('expiry', () => {
  it('sets and clears the expiry; an expired card cannot be redeemed', async () => {
    const { card } = await issueCard(t, shop, 2_000);
    const past = '2020-01-31T23:00:00.000Z';
    const expired = await manager.caller.patch<GiftCardView>(api(`/gift-cards/${card.id}`), {
      expiresAt: past,
    });
    expect(expired.status, JSON.stringify(expired.body)).toBe(200);
    expect(Date.parse(expired.body.expiresAt ?? '')).toBe(Date.parse(past));
    await expect(redeem(card.id, 100)).rejects.toMatchObject({ code: 'gift_card.expired' });
    const cleared = await manager.caller.patch<GiftCardView>(api(`/gift-cards/${card.id}`), {
      expiresAt: null,
    });
    expect(cleared.body.expiresAt).toBeNull();
    await redeem(card.id, 100);
    const { rows } = await owner.query(
      `select before, after from audit_events where target_id = $1 and action = 'gift_card.updated'
       order by seq`,
      [card.id],
    );
    expect(rows).toEqual([
      { before: { expiresAt: null }, after: { expiresAt: expired.body.expiresAt } },
      { before: { expiresAt: expired.body.expiresAt }, after: { expiresAt: null } },
    ]);
  });

  it('refuses a cashier, a bad date and unknown fields, writing nothing', async () => {
    const { card } = await issueCard(t, shop, 2_000);
    const patch = (caller: Caller, body: Record<string, unknown>) => () =>
      caller.patch(api(`/gift-cards/${card.id}`), body);
    await refused(patch(cashier.caller, { expiresAt: null }), 403, 'auth.forbidden');
    await refused(patch(manager.caller, { expiresAt: 'next tuesday' }), 400, 'validation.failed');
    await refused(
      patch(manager.caller, { expiresAt: null, balanceMinor: 1 }),
      400,
      'validation.failed',
    );
  });
});

describe('between tenants', () => {
  it("cannot find, read or change another business's card", async () => {
    const { card, code } = await issueCard(t, other, 4_000);
    expect((await lookup(manager.caller, code)).body).toMatchObject({
      code: 'gift_card.not_found',
    });
    const attempts = [
      () => manager.caller.get(api(`/gift-cards/${card.id}`)),
      () => manager.caller.post(api(`/gift-cards/${card.id}/disable`), { reason: 'Mine' }),
      () => adjust(card.id, -4_000),
      () => manager.caller.patch(api(`/gift-cards/${card.id}`), { expiresAt: null }),
    ];
    for (const attempt of attempts) await refused(attempt, 404, 'gift_card.not_found');
    const graph = await manager.caller.graphql(`{ giftCard(id: "${card.id}") { id } }`);
    expect(graph.body.errors?.[0]?.extensions.code).toBe('gift_card.not_found');
    const theirs = await lookup(other.owner, code);
    expect(theirs.body).toMatchObject({ id: card.id, balanceMinor: 4_000, status: 'active' });
  });
});
