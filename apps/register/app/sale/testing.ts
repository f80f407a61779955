import fc from 'fast-check';
import type { DiscountInput, TaxTable } from '../api-types.ts';
import type { CachedVariant, Cart, CartAction, CartCustomer } from './cart.ts';
import { emptyCart } from './cart.ts';
import { type SaleContext, saleContextOf } from './context.ts';
import { tryCartAction } from './guard.ts';
import { quickCashAmounts } from './tender.ts';
import { priceCart } from './totals.ts';

// Fixtures for this folder's tests: tax tables as the platform serves them and random carts
// rung up through the same guarded actions the sell and tender screens use.

export const RATE_STATE = '0195f0a0-0000-7000-8000-000000000001';
export const RATE_CITY = '0195f0a0-0000-7000-8000-000000000002';
export const CATEGORY_STANDARD = '0195f0a0-0000-7000-8000-0000000000c1';
export const CATEGORY_FOOD = '0195f0a0-0000-7000-8000-0000000000c2';

export function taxTable(overrides: Partial<TaxTable> = {}): TaxTable {
  return {
    taxMode: 'exclusive',
    taxRounding: 'line',
    roundingMode: 'half_up',
    currency: 'USD',
    cashIncrementMinor: 1,
    defaultTaxCategoryId: CATEGORY_STANDARD,
    categories: [
      {
        id: CATEGORY_STANDARD,
        code: 'STD',
        rates: [{ id: RATE_STATE, ratePpm: 82_500, compound: false }],
      },
      {
        id: CATEGORY_FOOD,
        code: 'FOOD',
        rates: [
          { id: RATE_STATE, ratePpm: 82_500, compound: false },
          { id: RATE_CITY, ratePpm: 15_000, compound: true },
        ],
      },
    ],
    ...overrides,
  };
}

const ALL_TENDERS = { offlineTenders: ['cash', 'external', 'other'] };

export const usd: SaleContext = saleContextOf(taxTable(), ALL_TENDERS);
export const chf: SaleContext = saleContextOf(
  taxTable({
    currency: 'CHF',
    taxMode: 'inclusive',
    taxRounding: 'document',
    cashIncrementMinor: 5,
  }),
  ALL_TENDERS,
);
export const contexts = { usd, chf } as const;

let sku = 0;
export function variant(
  priceMinor: number,
  options: Partial<Pick<CachedVariant, 'unit' | 'taxCategoryId' | 'id'>> = {},
): CachedVariant {
  sku += 1;
  return {
    id: options.id ?? `0195f0a0-0000-7000-8000-${String(sku).padStart(12, '0')}`,
    name: `Item ${sku}`,
    sku: `SKU-${sku}`,
    priceMinor,
    taxCategoryId: options.taxCategoryId ?? null,
    unit: options.unit ?? 'each',
  };
}

export const exemptCustomer: CartCustomer = {
  id: '0195f0a0-0000-7000-8000-0000000000e1',
  name: 'Exempt Co',
  taxExempt: true,
};

// ---- random carts ------------------------------------------------------------------------------

const discountArb: fc.Arbitrary<DiscountInput | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 0, max: 1_000_000 })
      .map((ppm) => ({ kind: 'percent' as const, ppm })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 5_000 })
      .map((amountMinor) => ({ kind: 'fixed' as const, amountMinor })),
  },
);

export interface LinePlan {
  readonly variant: number;
  /** Units for counted items, grams for weighed ones. */
  readonly amount: number;
  readonly scans: number;
  readonly discount: DiscountInput | null;
  readonly overrideMinor: number | null;
}

export interface CartPlan {
  readonly lines: readonly LinePlan[];
  readonly orderDiscount: DiscountInput | null;
  readonly exempt: boolean;
  /** ppm of the balance paid by a first non-cash tender (0: none). */
  readonly splitPpm: number;
  /** The last tender: cash (which quick amount) or an exact external payment. */
  readonly last: { readonly kind: 'cash'; readonly pick: number } | { readonly kind: 'external' };
}

export function cartPlanArb(variantCount: number, options: { overrides?: boolean } = {}) {
  const line: fc.Arbitrary<LinePlan> = fc.record({
    variant: fc.nat({ max: variantCount - 1 }),
    amount: fc.integer({ min: 1, max: 2_500 }),
    scans: fc.integer({ min: 1, max: 3 }),
    discount: discountArb,
    overrideMinor:
      options.overrides === false
        ? fc.constant(null)
        : fc.option(fc.integer({ min: 0, max: 50_000 }), { freq: 6 }),
  });
  return fc.record({
    lines: fc.array(line, { minLength: 1, maxLength: 6 }),
    orderDiscount: discountArb,
    exempt: fc.boolean(),
    splitPpm: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 999_999 })),
    last: fc.oneof(
      fc.record({ kind: fc.constant('cash' as const), pick: fc.nat({ max: 4 }) }),
      fc.constant({ kind: 'external' as const }),
    ),
  });
}

export interface RingOptions {
  readonly variants: readonly CachedVariant[];
  readonly context: SaleContext;
  readonly exemptCustomer: CartCustomer;
  /** A manager's approval per price override (undefined: none left, skip the override). */
  readonly overrideApproval?: () => Promise<string | undefined>;
}

/** Applies an action through the guard; refused actions (the engine said no) leave the cart. */
function apply(cart: Cart, action: CartAction, context: SaleContext): Cart {
  const result = tryCartAction(cart, action, context);
  return result.ok ? result.cart : cart;
}

/** Rings up a plan the way a cashier would: scan, adjust, then take the payments. */
export async function ringUp(plan: CartPlan, options: RingOptions): Promise<Cart> {
  const { context } = options;
  let cart = emptyCart();
  for (const linePlan of plan.lines) {
    const item = options.variants[linePlan.variant % options.variants.length];
    if (!item) throw new Error('no variant');
    const weighed = item.unit === 'weight';
    const before = new Set(cart.lines.map((line) => line.id));
    for (let scan = 0; scan < (weighed ? 1 : linePlan.scans); scan += 1)
      cart = apply(
        cart,
        {
          type: 'addVariant',
          variant: item,
          ...(weighed ? { quantityMilli: linePlan.amount } : {}),
        },
        context,
      );
    const line = cart.lines.find((candidate) => !before.has(candidate.id)) ?? cart.lines.at(-1);
    if (!line) continue;
    if (!weighed && linePlan.amount % 7 === 0)
      cart = apply(
        cart,
        {
          type: 'setQuantity',
          lineId: line.id,
          quantityMilli: (1 + (linePlan.amount % 12)) * 1000,
        },
        context,
      );
    // Without an approval source the override is rung up as is; with one, only when approved.
    const approvalId =
      linePlan.overrideMinor !== null && line.priceOverrideMinor === null
        ? await options.overrideApproval?.()
        : undefined;
    if (
      linePlan.overrideMinor !== null &&
      line.priceOverrideMinor === null &&
      (options.overrideApproval === undefined || approvalId !== undefined)
    ) {
      cart = apply(
        cart,
        {
          type: 'overridePrice',
          lineId: line.id,
          priceMinor: linePlan.overrideMinor,
          ...(approvalId ? { approvalId } : {}),
        },
        context,
      );
    }
    if (linePlan.discount)
      cart = apply(
        cart,
        { type: 'setLineDiscount', lineId: line.id, discount: linePlan.discount },
        context,
      );
  }
  if (plan.orderDiscount)
    cart = apply(cart, { type: 'setOrderDiscount', discount: plan.orderDiscount }, context);
  if (plan.exempt)
    cart = apply(cart, { type: 'attachCustomer', customer: options.exemptCustomer }, context);

  const { totalMinor } = priceCart(cart, context);
  const split = Math.floor((totalMinor * plan.splitPpm) / 1_000_000);
  if (split > 0)
    cart = apply(
      cart,
      {
        type: 'addPayment',
        payment: { kind: 'external', amountMinor: split, reference: 'AUTH-1' },
      },
      context,
    );
  const { balanceMinor } = priceCart(cart, context);
  if (balanceMinor > 0) {
    const amounts = quickCashAmounts(balanceMinor, context);
    if (plan.last.kind === 'cash' && amounts.length > 0) {
      const amountMinor = amounts[Math.min(plan.last.pick, amounts.length - 1)] ?? balanceMinor;
      cart = apply(cart, { type: 'addPayment', payment: { kind: 'cash', amountMinor } }, context);
    } else
      cart = apply(
        cart,
        {
          type: 'addPayment',
          payment: { kind: 'external', amountMinor: balanceMinor, reference: 'AUTH-2' },
        },
        context,
      );
  }
  return cart;
}
