import { describe, expect, it } from 'vitest';
import { type Cart, type CartAction, cartReducer, emptyCart } from './cart.ts';
import {
  cashDueMinor,
  isFullyPaid,
  paymentRefusal,
  previewCash,
  quickCashAmounts,
} from './tender.ts';
import { chf, exemptCustomer, usd, variant } from './testing.ts';
import { priceCart } from './totals.ts';

const run = (actions: CartAction[], start: Cart = emptyCart()) =>
  actions.reduce(cartReducer, start);

describe('cash amounts', () => {
  it('offers the exact amount, then the next whole notes', () => {
    expect(quickCashAmounts(1237, usd)).toEqual([1237, 1300, 1400, 1500, 2000]);
    expect(quickCashAmounts(2000, usd)).toEqual([2000, 2100, 2200, 2500, 3000]);
    // CHF: due rounded to 5 Rappen; notes start at 10 francs.
    expect(quickCashAmounts(1237, chf)).toEqual([1235, 2000, 5000, 10000, 20000]);
    expect(quickCashAmounts(0, usd)).toEqual([]);
    // Below half the smallest coin, cash settles nothing exactly: no exact button.
    expect(quickCashAmounts(2, chf)).toEqual([1000, 2000, 5000, 10000]);
  });

  it('rounds what cash must cover to the cash increment', () => {
    expect(cashDueMinor(1237, chf)).toBe(1235);
    expect(cashDueMinor(1238, chf)).toBe(1240);
    expect(cashDueMinor(1237, usd)).toBe(1237);
  });
});

describe('settling', () => {
  // The CHF fixture prices include tax, so a 12.37 shelf price is a 12.37 total.
  const item = variant(1237);
  const cart = run([{ type: 'addVariant', variant: item }]);

  it('previews change and cash rounding as the server will settle them', () => {
    expect(priceCart(cart, chf).totalMinor).toBe(1237);
    expect(previewCash(cart, chf, 2000)).toEqual({
      settles: true,
      changeMinor: 765,
      cashRoundingMinor: -2,
      balanceMinor: 0,
    });
    expect(previewCash(cart, chf, 1000)).toEqual({
      settles: false,
      changeMinor: 0,
      cashRoundingMinor: 0,
      balanceMinor: 237,
    });
  });

  it('rounds only when cash settles: a card settling the rest is charged to the Rappen', () => {
    const byCash = run(
      [
        { type: 'addPayment', payment: { kind: 'external', amountMinor: 1000, reference: 'A' } },
        { type: 'addPayment', payment: { kind: 'cash', amountMinor: 500 } },
      ],
      cart,
    );
    expect(priceCart(byCash, chf)).toMatchObject({
      paidMinor: 1237,
      balanceMinor: 0,
      changeMinor: 265,
      cashRoundingMinor: -2,
    });
    const byTerminal = run(
      [
        { type: 'addPayment', payment: { kind: 'cash', amountMinor: 1000 } },
        { type: 'addPayment', payment: { kind: 'external', amountMinor: 237, reference: 'B' } },
      ],
      cart,
    );
    const totals = priceCart(byTerminal, chf);
    expect(totals).toMatchObject({ balanceMinor: 0, changeMinor: 0, cashRoundingMinor: 0 });
    expect(isFullyPaid(totals)).toBe(true);
    expect(isFullyPaid(priceCart(cart, chf))).toBe(false);
  });

  it('refuses payments the server would refuse', () => {
    const offline = { offline: false };
    expect(paymentRefusal(cart, usd, { kind: 'cash', amountMinor: 0 }, offline)).toBe(
      'amount_invalid',
    );
    expect(paymentRefusal(cart, usd, { kind: 'store_credit', amountMinor: 100 }, offline)).toBe(
      'customer_required',
    );
    const withCustomer = cartReducer(cart, { type: 'attachCustomer', customer: exemptCustomer });
    expect(
      paymentRefusal(withCustomer, usd, { kind: 'store_credit', amountMinor: 100 }, offline),
    ).toBeNull();
    expect(
      paymentRefusal(
        cart,
        usd,
        { kind: 'gift_card', amountMinor: 100, giftCardCode: ' ' },
        offline,
      ),
    ).toBe('code_required');
    expect(
      paymentRefusal(cart, usd, { kind: 'external', amountMinor: 100, reference: '' }, offline),
    ).toBe('reference_required');
    expect(
      paymentRefusal(cart, usd, { kind: 'external', amountMinor: 99_999, reference: 'A' }, offline),
    ).toBe('exceeds_balance');
    expect(paymentRefusal(cart, usd, { kind: 'cash', amountMinor: 99_999 }, offline)).toBeNull();
    expect(
      paymentRefusal(
        cart,
        usd,
        { kind: 'gift_card', amountMinor: 100, giftCardCode: 'GC' },
        { offline: true },
      ),
    ).toBe('not_offline');
    const paid = cartReducer(cart, {
      type: 'addPayment',
      payment: { kind: 'cash', amountMinor: 5000 },
    });
    expect(paymentRefusal(paid, usd, { kind: 'cash', amountMinor: 100 }, offline)).toBe(
      'nothing_due',
    );
  });
});
