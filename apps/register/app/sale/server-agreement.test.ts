import { createTestApp, type TestApp } from '@tillpoint/platform/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSubmitBody } from './submit-body.ts';
import { api, created, openShop, type Shop } from './test-shop.ts';
import { cartPlanArb, ringUp } from './testing.ts';
import { priceCart } from './totals.ts';

// The register prices a sale locally; the platform prices the submitted sale again and stores
// its own figures. This drives the REAL platform (real PostgreSQL, the app's own routes): random
// carts rung up with the register's model, submitted as the register submits them, and every
// stored figure compared with what the register showed, to the cent.

const AWKWARD_PRICES = [
  { priceMinor: 1 },
  { priceMinor: 99 },
  { priceMinor: 333, category: 1 },
  { priceMinor: 1999 },
  { priceMinor: 2599, unit: 'weight' as const },
  { priceMinor: 12_345, category: 1 },
  { priceMinor: 777, category: 2 },
  { priceMinor: 0 },
];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface StoredSale {
  status: string;
  flags: unknown[];
  totalMinor: number;
  paidMinor: number;
  balanceDueMinor: number;
  changeMinor: number;
  cashRoundingMinor: number;
  totals: Record<string, unknown>;
  lines: Record<string, unknown>[];
  payments: Record<string, unknown>[];
}

/** How many submitted sales had each feature: proof the random carts reached them. */
interface Seen {
  submitted: number;
  exempt: number;
  override: number;
  weighed: number;
  orderDiscount: number;
  split: number;
  cashRounded: number;
  offline: number;
}

async function agreeOnRandomCarts(shop: Shop, runs: number): Promise<Seen> {
  const seen: Seen = {
    submitted: 0,
    exempt: 0,
    override: 0,
    weighed: 0,
    orderDiscount: 0,
    split: 0,
    cashRounded: 0,
    offline: 0,
  };
  await fc.assert(
    fc.asyncProperty(cartPlanArb(shop.variants.length), fc.boolean(), async (plan, offline) => {
      const cart = await ringUp(plan, {
        variants: shop.variants,
        context: shop.context,
        exemptCustomer: shop.exemptCustomer,
        overrideApproval: shop.approval,
      });
      const local = priceCart(cart, shop.context);
      // A sale the server takes has money to take (it refuses a zero-total submit).
      if (local.totalMinor === 0) return;
      const body = toSubmitBody(cart, shop.context, {
        registerId: shop.registerId,
        occurredAt: new Date().toISOString(),
        offline,
      });
      const answer = await shop.till.post<StoredSale>(api('/sales/submit'), body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      const stored = await created(shop.till.get<StoredSale>(api(`/sales/${cart.id}`)), 200);
      seen.submitted += 1;
      if (cart.customer?.taxExempt) seen.exempt += 1;
      if (cart.lines.some((line) => line.priceOverrideMinor !== null)) seen.override += 1;
      if (cart.lines.some((line) => line.variant.unit === 'weight')) seen.weighed += 1;
      if (local.orderDiscountMinor > 0) seen.orderDiscount += 1;
      if (cart.payments.length > 1) seen.split += 1;
      if (local.cashRoundingMinor !== 0) seen.cashRounded += 1;
      if (offline) seen.offline += 1;

      expect(stored.status).toBe('completed');
      expect(stored.flags).toEqual([]);
      expect({
        totalMinor: stored.totalMinor,
        paidMinor: stored.paidMinor,
        balanceDueMinor: stored.balanceDueMinor,
        changeMinor: stored.changeMinor,
        cashRoundingMinor: stored.cashRoundingMinor,
      }).toEqual({
        totalMinor: local.totalMinor,
        paidMinor: local.paidMinor,
        balanceDueMinor: local.balanceMinor,
        changeMinor: local.changeMinor,
        cashRoundingMinor: local.cashRoundingMinor,
      });
      expect(stored.totals).toEqual({
        grossMinor: local.grossMinor,
        lineDiscountMinor: local.lineDiscountMinor,
        orderDiscountMinor: local.orderDiscountMinor,
        discountMinor: local.discountMinor,
        subtotalMinor: local.subtotalMinor,
        taxes: local.taxes,
        taxMinor: local.taxMinor,
        exemptTaxRemovedMinor: local.exemptTaxRemovedMinor,
        totalMinor: local.totalMinor,
      });
      expect(
        stored.lines.map((line) => ({
          id: line.id,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
          grossMinor: line.grossMinor,
          lineDiscountMinor: line.lineDiscountMinor,
          orderDiscountMinor: line.orderDiscountMinor,
          netMinor: line.netMinor,
          taxes: line.taxes,
          taxMinor: line.taxMinor,
          exemptTaxRemovedMinor: line.exemptTaxRemovedMinor,
          totalMinor: line.totalMinor,
        })),
      ).toEqual(
        local.lines.map((line) => ({
          id: line.id,
          quantity: line.quantityMilli / 1000,
          unitPriceMinor: line.unitPriceMinor,
          grossMinor: line.grossMinor,
          lineDiscountMinor: line.lineDiscountMinor,
          orderDiscountMinor: line.orderDiscountMinor,
          netMinor: line.netMinor,
          taxes: line.taxes,
          taxMinor: line.taxMinor,
          exemptTaxRemovedMinor: line.exemptTaxRemovedMinor,
          totalMinor: line.totalMinor,
        })),
      );
      expect(
        stored.payments.map((payment) => ({
          id: payment.id,
          kind: payment.kind,
          tenderedMinor: payment.tenderedMinor,
          appliedMinor: payment.appliedMinor,
          changeMinor: payment.changeMinor,
          cashRoundingMinor: payment.cashRoundingMinor,
        })),
      ).toEqual(
        local.payments.map((payment) => ({
          id: payment.id,
          kind: payment.kind,
          tenderedMinor: payment.tenderedMinor,
          appliedMinor: payment.appliedMinor,
          changeMinor: payment.changeMinor,
          cashRoundingMinor: payment.cashRoundingMinor,
        })),
      );
    }),
    { numRuns: runs, endOnFailure: true },
  );
  return seen;
}

function expectVariety(seen: Seen): void {
  expect(seen.submitted).toBeGreaterThan(15);
  for (const feature of [
    'exempt',
    'override',
    'weighed',
    'orderDiscount',
    'split',
    'offline',
  ] as const)
    expect(seen[feature], feature).toBeGreaterThan(0);
}

describe('the register and the platform agree on every sale, to the cent', () => {
  it('USD, prices before tax: 8.25 %, a two-rate category with a compound rate, a zero-rated one', async () => {
    const shop = await openShop(t, {
      currency: 'USD',
      country: 'US',
      timezone: 'America/Chicago',
      settings: { taxMode: 'exclusive', taxRounding: 'line', discountLimits: {} },
      categories: [
        [{ ratePpm: 82_500 }],
        [{ ratePpm: 62_500 }, { ratePpm: 15_000, compound: true }],
        [],
      ],
      products: AWKWARD_PRICES,
    });
    expect(shop.context.taxMode).toBe('exclusive');
    const seen = await agreeOnRandomCarts(shop, 25);
    expectVariety(seen);
    expect(seen.cashRounded).toBe(0);
  }, 180_000);

  it('CHF, prices with tax, tax rounded per document, cash rounded to 5 Rappen', async () => {
    const shop = await openShop(t, {
      currency: 'CHF',
      country: 'CH',
      timezone: 'Europe/Zurich',
      settings: { taxMode: 'inclusive', taxRounding: 'document', discountLimits: {} },
      categories: [[{ ratePpm: 81_000 }], [{ ratePpm: 26_000 }], []],
      products: AWKWARD_PRICES,
    });
    expect(shop.context).toMatchObject({ taxMode: 'inclusive', cashIncrementMinor: 5 });
    const seen = await agreeOnRandomCarts(shop, 25);
    expectVariety(seen);
    expect(seen.cashRounded).toBeGreaterThan(0);
  }, 180_000);
});
