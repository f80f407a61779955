import { describe, expect, it } from 'vitest';
import { type Cart, type CartAction, cartReducer, emptyCart } from './cart.ts';
import { SaleModelError } from './errors.ts';
import { toSubmitBody } from './submit-body.ts';
import { CATEGORY_FOOD, exemptCustomer, RATE_CITY, RATE_STATE, usd, variant } from './testing.ts';

const run = (actions: CartAction[], start: Cart = emptyCart()) =>
  actions.reduce(cartReducer, start);
const options = { registerId: 'r-1', occurredAt: '2026-03-01T10:00:00.000Z', offline: true };

describe('toSubmitBody', () => {
  const soup = variant(333, { taxCategoryId: CATEGORY_FOOD });
  const cheese = variant(2599, { unit: 'weight' });

  it('sends what the register charged: price, rates, approvals and the expected total', () => {
    const goods = run([
      { type: 'addVariant', variant: soup, lineId: 'l-1' },
      { type: 'addVariant', variant: soup },
      { type: 'addVariant', variant: cheese, quantityMilli: 1235, lineId: 'l-2' },
      { type: 'overridePrice', lineId: 'l-2', priceMinor: 2000, approvalId: 'ap-override' },
      {
        type: 'setLineDiscount',
        lineId: 'l-2',
        discount: { kind: 'percent', ppm: 250_000 },
        approvalId: 'ap-discount',
      },
      {
        type: 'setLineDiscount',
        lineId: 'l-1',
        discount: { kind: 'fixed', amountMinor: 10 },
        approvalId: 'ap-1',
      },
      {
        type: 'setOrderDiscount',
        discount: { kind: 'fixed', amountMinor: 100 },
        approvalId: 'ap-order',
      },
      { type: 'attachCustomer', customer: exemptCustomer },
    ]);
    const cart = run(
      [
        {
          type: 'addPayment',
          payment: { kind: 'external', amountMinor: 1000, reference: 'AUTH', id: 'p-1' },
        },
        { type: 'addPayment', payment: { kind: 'cash', amountMinor: 5000, id: 'p-2' } },
      ],
      goods,
    );
    const body = toSubmitBody(cart, usd, { ...options, offlineReference: 'R1-0007' });
    // Exempt: no tax. 2 × 3.33 - 0.10 = 6.56; 20.00 × 1.235 = 24.70, less 25 % (6.175 -> 6.18) = 18.52;
    // less the 1.00 order discount.
    expect(body).toEqual({
      id: cart.id,
      registerId: 'r-1',
      occurredAt: '2026-03-01T10:00:00.000Z',
      offline: true,
      offlineReference: 'R1-0007',
      customerId: exemptCustomer.id,
      lines: [
        {
          id: 'l-1',
          kind: 'item',
          variantId: soup.id,
          quantity: 2,
          discount: { kind: 'fixed', amountMinor: 10 },
          approvalId: 'ap-1',
          unitPriceMinor: 333,
          taxRates: [
            { id: RATE_STATE, ratePpm: 82_500 },
            { id: RATE_CITY, ratePpm: 15_000, compound: true },
          ],
        },
        {
          id: 'l-2',
          kind: 'item',
          variantId: cheese.id,
          quantity: 1.235,
          priceOverrideMinor: 2000,
          discount: { kind: 'percent', ppm: 250_000 },
          approvalId: 'ap-override',
          discountApprovalId: 'ap-discount',
          unitPriceMinor: 2599,
          taxRates: [{ id: RATE_STATE, ratePpm: 82_500 }],
        },
      ],
      orderDiscount: { kind: 'fixed', amountMinor: 100 },
      payments: [
        { id: 'p-1', kind: 'external', amountMinor: 1000, reference: 'AUTH' },
        { id: 'p-2', kind: 'cash', amountMinor: 5000 },
      ],
      expectedTotalMinor: 656 + 1852 - 100,
      approvals: { orderDiscount: 'ap-order' },
    });
  });

  it('refuses carts that cannot be submitted', () => {
    const code = (cart: Cart) => {
      try {
        toSubmitBody(cart, usd, options);
        return null;
      } catch (error) {
        return error instanceof SaleModelError ? error.code : String(error);
      }
    };
    expect(code(emptyCart())).toBe('sale.empty');
    const goods = run([{ type: 'addVariant', variant: soup }]);
    expect(code(goods)).toBe('sale.not_paid');
    const partly = cartReducer(goods, {
      type: 'addPayment',
      payment: { kind: 'cash', amountMinor: 100 },
    });
    expect(code(partly)).toBe('sale.not_paid');
    const byCard = cartReducer(goods, {
      type: 'addPayment',
      payment: { kind: 'card', amountMinor: 365, cardPaymentId: 'cp-1' },
    });
    expect(code(byCard)).toBe('sale.card_needs_online_sale');
  });
});
