import { sumMinor } from '@tillpoint/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CartAction, cartReducer, emptyCart } from './cart.ts';
import type { SaleContext } from './context.ts';
import { tryCartAction } from './guard.ts';
import { cashDueMinor } from './tender.ts';
import {
  CATEGORY_FOOD,
  type CartPlan,
  cartPlanArb,
  contexts,
  exemptCustomer,
  RATE_CITY,
  RATE_STATE,
  ringUp,
  usd,
  variant,
} from './testing.ts';
import { priceCart } from './totals.ts';

const soup = variant(333, { taxCategoryId: CATEGORY_FOOD });
const shirt = variant(1999);
const catalog = [
  variant(1),
  variant(99),
  soup,
  shirt,
  variant(12_345, { taxCategoryId: CATEGORY_FOOD }),
  variant(1299, { unit: 'weight' }),
  variant(0),
];

describe('priceCart', () => {
  it('prices a worked example to the cent (8.25 % state, 1.5 % compound city on food)', () => {
    let cart = emptyCart();
    for (const action of [
      { type: 'addVariant', variant: shirt },
      { type: 'addVariant', variant: shirt },
      { type: 'addVariant', variant: soup },
    ] as const)
      cart = cartReducer(cart, action);
    const totals = priceCart(cart, usd);
    // 2 × 19.99 = 39.98, tax 3.30; 3.33 food: 0.27 state + (3.33 + 0.27) × 1.5 % = 0.05.
    expect(totals.lines.map((line) => [line.grossMinor, line.taxMinor, line.totalMinor])).toEqual([
      [3998, 330, 4328],
      [333, 32, 365],
    ]);
    expect(totals).toMatchObject({ subtotalMinor: 4331, taxMinor: 362, totalMinor: 4693 });
    expect(totals.taxes.map((tax) => [tax.rateId, tax.taxMinor])).toEqual([
      [RATE_STATE, 357],
      [RATE_CITY, 5],
    ]);
    expect(totals.lines[1]?.taxRates).toEqual([
      { id: RATE_STATE, ratePpm: 82_500 },
      { id: RATE_CITY, ratePpm: 15_000, compound: true },
    ]);
  });

  it('a tax-exempt customer pays no tax', () => {
    const cart = [
      { type: 'addVariant', variant: shirt },
      { type: 'attachCustomer', customer: exemptCustomer },
    ] satisfies CartAction[];
    const totals = priceCart(cart.reduce(cartReducer, emptyCart()), usd);
    expect(totals).toMatchObject({ taxMinor: 0, totalMinor: 1999 });
  });

  it('guards actions the engine refuses: the cart stays as it was', () => {
    const cart = cartReducer(emptyCart(), { type: 'addVariant', variant: variant(99) });
    const lineId = cart.lines[0]?.id ?? '';
    const refused = tryCartAction(
      cart,
      { type: 'setLineDiscount', lineId, discount: { kind: 'fixed', amountMinor: 100 } },
      usd,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'pricing.discount_exceeds_amount' },
    });
    const overpaid = tryCartAction(
      cart,
      { type: 'addPayment', payment: { kind: 'external', amountMinor: 200, reference: 'X' } },
      usd,
    );
    expect(overpaid).toMatchObject({
      ok: false,
      error: { code: 'pricing.tender_exceeds_balance' },
    });
  });
});

const plans = fc.tuple(
  fc.constantFrom<keyof typeof contexts>('usd', 'chf'),
  cartPlanArb(catalog.length),
);

async function ring(name: keyof typeof contexts, plan: CartPlan) {
  const context: SaleContext = contexts[name];
  const cart = await ringUp(plan, { variants: catalog, context, exemptCustomer });
  return { context, cart, totals: priceCart(cart, context) };
}

describe('priceCart properties', () => {
  it('totals are the sums of the lines and the tax identities hold', async () => {
    await fc.assert(
      fc.asyncProperty(plans, async ([name, plan]) => {
        const { context, totals } = await ring(name, plan);
        const sum = (pick: (line: (typeof totals.lines)[number]) => number) =>
          sumMinor(totals.lines.map(pick));
        expect(totals.totalMinor).toBe(sum((line) => line.totalMinor));
        expect(totals.taxMinor).toBe(sum((line) => line.taxMinor));
        expect(totals.discountMinor).toBe(totals.lineDiscountMinor + totals.orderDiscountMinor);
        expect(totals.subtotalMinor).toBe(sum((line) => line.netMinor));
        if (context.taxMode === 'exclusive') {
          expect(totals.subtotalMinor).toBe(totals.grossMinor - totals.discountMinor);
          expect(totals.totalMinor).toBe(totals.subtotalMinor + totals.taxMinor);
        } else {
          expect(totals.totalMinor).toBe(
            totals.grossMinor - totals.discountMinor - totals.exemptTaxRemovedMinor,
          );
          expect(totals.subtotalMinor + totals.taxMinor).toBe(totals.totalMinor);
        }
        expect(totals.taxMinor).toBe(sumMinor(totals.taxes.map((tax) => tax.taxMinor)));
      }),
      { numRuns: 200 },
    );
  });

  it('payments: paid + balance = total, change only from cash, rounding only when cash settles', async () => {
    await fc.assert(
      fc.asyncProperty(plans, async ([name, plan]) => {
        const { context, cart, totals } = await ring(name, plan);
        expect(totals.paidMinor + totals.balanceMinor).toBe(totals.totalMinor);
        const tendered = sumMinor(cart.payments.map((payment) => payment.amountMinor));
        if (tendered >= totals.totalMinor) expect(totals.balanceMinor).toBe(0);
        if (totals.totalMinor > 0) expect(totals.paidInFull).toBe(true);
        const last = cart.payments.at(-1);
        const earlier = sumMinor(cart.payments.slice(0, -1).map((payment) => payment.amountMinor));
        if (last?.kind === 'cash') {
          // Change is what was handed over minus the balance it settled, rounded to the coin.
          const due = cashDueMinor(totals.totalMinor - earlier, context);
          expect(totals.changeMinor).toBe(Math.max(0, last.amountMinor - due));
          expect(totals.cashRoundingMinor).toBe(
            Math.min(last.amountMinor, due) - (totals.totalMinor - earlier),
          );
        } else {
          expect(totals.changeMinor).toBe(0);
          expect(totals.cashRoundingMinor).toBe(0);
        }
        if (context.cashIncrementMinor === 1) expect(totals.cashRoundingMinor).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
