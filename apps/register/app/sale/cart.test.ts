import { describe, expect, it } from 'vitest';
import { type Cart, type CartAction, cartReducer, emptyCart, isLocked } from './cart.ts';
import { SaleModelError } from './errors.ts';
import { variant } from './testing.ts';

const tea = variant(450);
const cheese = variant(2599, { unit: 'weight' });

const run = (actions: CartAction[], start: Cart = emptyCart()) =>
  actions.reduce(cartReducer, start);

describe('cartReducer', () => {
  it('starts a sale with a UUIDv7 id and nothing on it', () => {
    const cart = emptyCart();
    expect(cart.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(cart).toMatchObject({ lines: [], payments: [], customer: null, orderDiscount: null });
  });

  it('scanning the same item twice makes one line of two', () => {
    const cart = run([
      { type: 'addVariant', variant: tea },
      { type: 'addVariant', variant: tea },
    ]);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]?.quantityMilli).toBe(2000);
  });

  it('keeps weighed items and price labels on lines of their own', () => {
    const cart = run([
      { type: 'addVariant', variant: cheese, quantityMilli: 250 },
      { type: 'addVariant', variant: cheese, quantityMilli: 310 },
      { type: 'addVariant', variant: tea, labelPriceMinor: 300 },
      { type: 'addVariant', variant: tea },
      { type: 'addVariant', variant: tea },
    ]);
    expect(cart.lines.map((line) => line.quantityMilli)).toEqual([250, 310, 1000, 2000]);
    // A label price on a counted item is that item's price.
    expect(cart.lines[2]).toMatchObject({ priceOverrideMinor: 300, labelPriceMinor: 300 });
    expect(cart.lines[3]?.priceOverrideMinor).toBeNull();
  });

  it('refuses a weighed item without its weight and fractional counts', () => {
    expect(() => run([{ type: 'addVariant', variant: cheese }])).toThrow(SaleModelError);
    const cart = run([{ type: 'addVariant', variant: tea }]);
    const lineId = cart.lines[0]?.id ?? '';
    expect(() => cartReducer(cart, { type: 'setQuantity', lineId, quantityMilli: 1500 })).toThrow(
      /whole units/,
    );
    expect(() => cartReducer(cart, { type: 'setQuantity', lineId, quantityMilli: -1000 })).toThrow(
      SaleModelError,
    );
  });

  it('sets quantities, removes lines, and quantity zero removes the line', () => {
    const cart = run([
      { type: 'addVariant', variant: tea, lineId: '0195f0a0-0000-7000-8000-00000000a001' },
      { type: 'addVariant', variant: cheese, quantityMilli: 500 },
    ]);
    const [first, second] = cart.lines;
    const changed = cartReducer(cart, {
      type: 'setQuantity',
      lineId: first?.id ?? '',
      quantityMilli: 5000,
    });
    expect(changed.lines[0]).toMatchObject({
      id: '0195f0a0-0000-7000-8000-00000000a001',
      quantityMilli: 5000,
    });
    expect(cart.lines[0]?.quantityMilli).toBe(1000); // the old state is untouched
    const removed = cartReducer(changed, { type: 'removeLine', lineId: second?.id ?? '' });
    expect(removed.lines.map((line) => line.id)).toEqual([first?.id]);
    const zero = cartReducer(removed, {
      type: 'setQuantity',
      lineId: first?.id ?? '',
      quantityMilli: 0,
    });
    expect(zero.lines).toEqual([]);
    expect(cartReducer(zero, { type: 'removeLine', lineId: 'missing' })).toBe(zero);
  });

  it('records line and order discounts and price overrides with their approvals', () => {
    const cart = run([{ type: 'addVariant', variant: tea }]);
    const lineId = cart.lines[0]?.id ?? '';
    const discounted = run(
      [
        {
          type: 'setLineDiscount',
          lineId,
          discount: { kind: 'percent', ppm: 150_000 },
          approvalId: 'a-1',
        },
        { type: 'overridePrice', lineId, priceMinor: 399, approvalId: 'a-2' },
        {
          type: 'setOrderDiscount',
          discount: { kind: 'fixed', amountMinor: 50 },
          approvalId: 'a-3',
        },
      ],
      cart,
    );
    expect(discounted.lines[0]).toMatchObject({
      discount: { kind: 'percent', ppm: 150_000 },
      discountApprovalId: 'a-1',
      priceOverrideMinor: 399,
      overrideApprovalId: 'a-2',
    });
    expect(discounted).toMatchObject({
      orderDiscount: { kind: 'fixed', amountMinor: 50 },
      orderDiscountApprovalId: 'a-3',
    });
    const cleared = run(
      [
        { type: 'setLineDiscount', lineId, discount: null },
        { type: 'overridePrice', lineId, priceMinor: null },
        { type: 'setOrderDiscount', discount: null },
      ],
      discounted,
    );
    expect(cleared.lines[0]).toMatchObject({
      discount: null,
      discountApprovalId: null,
      priceOverrideMinor: null,
      overrideApprovalId: null,
    });
    expect(cleared.orderDiscountApprovalId).toBeNull();
    expect(() =>
      cartReducer(cart, {
        type: 'setOrderDiscount',
        discount: { kind: 'percent', ppm: 1_000_001 },
      }),
    ).toThrow(SaleModelError);
  });

  it('an overridden line is not merged into by the next scan', () => {
    const cart = run([{ type: 'addVariant', variant: tea }]);
    const overridden = run(
      [
        { type: 'overridePrice', lineId: cart.lines[0]?.id ?? '', priceMinor: 100 },
        { type: 'addVariant', variant: tea },
      ],
      cart,
    );
    expect(overridden.lines.map((line) => [line.quantityMilli, line.priceOverrideMinor])).toEqual([
      [1000, 100],
      [1000, null],
    ]);
  });

  it('attaches and detaches a customer', () => {
    const customer = { id: 'c-1', name: 'Exempt Co', taxExempt: true };
    const attached = cartReducer(emptyCart(), { type: 'attachCustomer', customer });
    expect(attached.customer).toEqual(customer);
    expect(cartReducer(attached, { type: 'detachCustomer' }).customer).toBeNull();
  });

  it('takes and removes payments of every kind; a card keeps the server id', () => {
    const cart = run([
      { type: 'addVariant', variant: tea },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 500 } },
      {
        type: 'addPayment',
        payment: { kind: 'external', amountMinor: 100, reference: 'APPROVAL-7' },
      },
      {
        type: 'addPayment',
        payment: { kind: 'gift_card', amountMinor: 100, giftCardCode: 'GC-1' },
      },
      { type: 'addPayment', payment: { kind: 'store_credit', amountMinor: 100 } },
      { type: 'addPayment', payment: { kind: 'card', amountMinor: 100, cardPaymentId: 'cp-9' } },
    ]);
    expect(cart.payments.map((payment) => payment.kind)).toEqual([
      'cash',
      'external',
      'gift_card',
      'store_credit',
      'card',
    ]);
    expect(cart.payments[4]?.id).toBe('cp-9');
    expect(new Set(cart.payments.map((payment) => payment.id)).size).toBe(5);
    const removed = cartReducer(cart, {
      type: 'removePayment',
      paymentId: cart.payments[0]?.id ?? '',
    });
    expect(removed.payments.map((payment) => payment.kind)).toEqual([
      'external',
      'gift_card',
      'store_credit',
      'card',
    ]);
    expect(() =>
      cartReducer(cart, { type: 'addPayment', payment: { kind: 'cash', amountMinor: 0 } }),
    ).toThrow(SaleModelError);
  });

  it('locks the goods once money is taken, until the payments are removed', () => {
    const cart = run([
      { type: 'addVariant', variant: tea },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 500 } },
    ]);
    expect(isLocked(cart)).toBe(true);
    expect(cartReducer(cart, { type: 'addVariant', variant: tea })).toBe(cart);
    expect(
      cartReducer(cart, { type: 'setOrderDiscount', discount: { kind: 'percent', ppm: 1 } }),
    ).toBe(cart);
    const unlocked = cartReducer(cart, {
      type: 'removePayment',
      paymentId: cart.payments[0]?.id ?? '',
    });
    expect(isLocked(unlocked)).toBe(false);
    expect(
      cartReducer(unlocked, { type: 'addVariant', variant: tea }).lines[0]?.quantityMilli,
    ).toBe(2000);
  });

  it('clear starts a new sale under a new id', () => {
    const cart = run([{ type: 'addVariant', variant: tea }]);
    const cleared = cartReducer(cart, { type: 'clear' });
    expect(cleared.lines).toEqual([]);
    expect(cleared.id).not.toBe(cart.id);
  });
});
