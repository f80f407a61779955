import { describe, expect, it } from 'vitest';
import type { ServerSale } from '../api-types.ts';
import { type Cart, type CartAction, emptyCart } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { tryCartAction } from '../sale/guard.ts';
import { chf, usd, variant } from '../sale/testing.ts';
import { priceCart } from '../sale/totals.ts';
import {
  exchangeFigures,
  exchangePaymentRefusal,
  previewExchangeCash,
  type ReturnChoice,
  returnValueMinor,
  toExchangeBody,
} from './exchange.ts';

// The exchange's money, decided on the register before anything is sent: what comes back is
// worth what the platform's refund plan will say, the difference is new total − return, and the
// body carries only the customer's payments (the platform adds the return's value itself).

const REFUND_ID = '0195f0a0-0000-7000-8000-00000000aa01';
const REGISTER_ID = '0195f0a0-0000-7000-8000-00000000ab01';

function ring(context: SaleContext, actions: readonly CartAction[]): Cart {
  let cart = emptyCart();
  for (const action of actions) {
    const result = tryCartAction(cart, action, context);
    if (!result.ok) throw result.error;
    cart = result.cart;
  }
  return cart;
}

/** The completed sale as GET /sales/{id} answers it, with the figures the cart priced. */
function storedSale(cart: Cart, context: SaleContext): ServerSale {
  const totals = priceCart(cart, context);
  const at = '2026-11-24T10:00:00.000Z';
  return {
    id: cart.id,
    status: 'completed',
    receiptNumber: 7,
    storeId: '0195f0a0-0000-7000-8000-00000000ac01',
    registerId: REGISTER_ID,
    cashSessionId: null,
    customerId: null,
    cashierId: null,
    deviceId: null,
    currency: context.currency.code,
    taxMode: context.taxMode,
    taxRounding: context.taxRounding,
    roundingMode: context.roundingMode,
    cashIncrementMinor: context.cashIncrementMinor,
    taxExempt: false,
    totalMinor: totals.totalMinor,
    paidMinor: totals.totalMinor,
    balanceDueMinor: 0,
    changeMinor: 0,
    cashRoundingMinor: 0,
    origin: 'online',
    offlineReference: null,
    occurredAt: at,
    note: null,
    version: 1,
    parkedAt: null,
    completedAt: at,
    voidedAt: null,
    voidReason: null,
    createdAt: at,
    updatedAt: at,
    orderDiscount: cart.orderDiscount,
    orderDiscountApprovalId: null,
    lines: totals.lines.map((line, index) => ({
      id: line.id,
      position: index,
      kind: 'item' as const,
      variantId: line.variantId,
      giftCardId: null,
      giftCardLast4: null,
      name: line.name,
      sku: null,
      unit: 'each' as const,
      quantity: line.quantityMilli / 1000,
      listUnitPriceMinor: line.listUnitPriceMinor,
      priceOverrideMinor: null,
      unitPriceMinor: line.unitPriceMinor,
      discount: cart.lines[index]?.discount ?? null,
      taxCategoryId: null,
      grossMinor: line.grossMinor,
      lineDiscountMinor: line.lineDiscountMinor,
      orderDiscountMinor: line.orderDiscountMinor,
      netMinor: line.netMinor,
      taxes: line.taxes.map((tax) => ({
        rateId: tax.rateId,
        ratePpm: tax.ratePpm,
        taxMinor: tax.taxMinor,
      })),
      taxMinor: line.taxMinor,
      exemptTaxRemovedMinor: line.exemptTaxRemovedMinor,
      totalMinor: line.totalMinor,
      priceOverrideApprovalId: null,
      discountApprovalId: null,
    })),
    totals: {
      grossMinor: totals.grossMinor,
      lineDiscountMinor: totals.lineDiscountMinor,
      orderDiscountMinor: totals.orderDiscountMinor,
      discountMinor: totals.discountMinor,
      subtotalMinor: totals.subtotalMinor,
      taxes: totals.taxes.map((rate) => ({ ...rate })),
      taxMinor: totals.taxMinor,
      exemptTaxRemovedMinor: totals.exemptTaxRemovedMinor,
      totalMinor: totals.totalMinor,
    },
    payments: [],
    flags: [],
  } as ServerSale;
}

const trailMix = variant(425);
const notebook = variant(1250);
const gum = variant(99);

/** A sold line's id by its variant. */
function lineOf(sale: ServerSale, variantId: string): string {
  const line = sale.lines.find((candidate) => candidate.variantId === variantId);
  if (!line) throw new Error(`no line for ${variantId}`);
  return line.id;
}

describe('the return value', () => {
  // Three notebooks with 10 % off the line: 3750 − 375 = 3375 net, 8.25 % tax = 278.4375 → 278.
  const sold = ring(usd, [
    { type: 'addVariant', variant: notebook, quantityMilli: 3000 },
    { type: 'addVariant', variant: trailMix },
  ]);
  const discounted = tryCartAction(
    sold,
    {
      type: 'setLineDiscount',
      lineId: sold.lines[0]?.id ?? '',
      discount: { kind: 'percent', ppm: 100_000 },
    },
    usd,
  );
  if (!discounted.ok) throw discounted.error;
  const sale = storedSale(discounted.cart, usd);
  const notebookLine = lineOf(sale, notebook.id);
  const returning = (quantityMilli: number): ReturnChoice[] => [
    { saleLineId: notebookLine, quantityMilli, restock: true },
  ];

  it('is the stored line total when the whole line comes back', () => {
    const line = sale.lines.find((candidate) => candidate.id === notebookLine);
    expect(line?.totalMinor).toBe(3375 + 278);
    expect(returnValueMinor(sale, [], returning(3000))).toBe(3653);
  });

  it('gives each unit its share, and the last unit whatever the rounding left', () => {
    // One unit: net 1125, tax 278 × 1/3 = 92.67 → 93.
    expect(returnValueMinor(sale, [], returning(1000))).toBe(1125 + 93);
    const first = returnValueMinor(sale, [], returning(1000));
    const second = returnValueMinor(
      sale,
      [{ lines: [{ saleLineId: notebookLine, quantity: 1 }] }],
      returning(1000),
    );
    const last = returnValueMinor(
      sale,
      [{ lines: [{ saleLineId: notebookLine, quantity: 2 }] }],
      returning(1000),
    );
    expect(first + second + last).toBe(3653);
  });

  it('counts nothing for lines left at zero, and refuses more than is left', () => {
    expect(
      returnValueMinor(sale, [], [{ saleLineId: notebookLine, quantityMilli: 0, restock: true }]),
    ).toBe(0);
    expect(() =>
      returnValueMinor(
        sale,
        [{ lines: [{ saleLineId: notebookLine, quantity: 3 }] }],
        returning(1000),
      ),
    ).toThrow(/cannot be refunded/);
  });
});

describe('the difference', () => {
  const sale = storedSale(ring(usd, [{ type: 'addVariant', variant: trailMix }]), usd);
  const trailMixLine = lineOf(sale, trailMix.id);
  const choices: ReturnChoice[] = [
    { saleLineId: trailMixLine, quantityMilli: 1000, restock: true },
  ];
  // Trail mix 4.25 + 0.35 tax = 4.60 back; a notebook 12.50 + 1.03 tax = 13.53 out.
  const returnMinor = returnValueMinor(sale, [], choices);

  it('asks the customer for new total − return, and gives change on the cash handed over', () => {
    expect(returnMinor).toBe(460);
    const cart = ring(usd, [{ type: 'addVariant', variant: notebook }]);
    const before = exchangeFigures(returnMinor, cart, usd);
    expect(before).toMatchObject({
      returnMinor: 460,
      newTotalMinor: 1353,
      differenceMinor: 893,
      coveredMinor: 460,
      dueMinor: 893,
      backMinor: 0,
      settled: false,
    });
    const paid = ring(usd, [
      { type: 'addVariant', variant: notebook },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 1000 } },
    ]);
    expect(exchangeFigures(returnMinor, paid, usd)).toMatchObject({
      dueMinor: 0,
      changeMinor: 107,
      settled: true,
    });
    const short = ring(usd, [
      { type: 'addVariant', variant: notebook },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 500 } },
    ]);
    expect(exchangeFigures(returnMinor, short, usd)).toMatchObject({
      dueMinor: 393,
      settled: false,
    });
  });

  it('gives back the rest when the new items cost less, with nothing to pay', () => {
    const cart = ring(usd, [{ type: 'addVariant', variant: gum }]);
    // Gum 0.99 + 0.08 tax = 1.07.
    expect(exchangeFigures(returnMinor, cart, usd)).toMatchObject({
      newTotalMinor: 107,
      differenceMinor: -353,
      coveredMinor: 107,
      dueMinor: 0,
      backMinor: 353,
      settled: true,
    });
  });

  it('cannot be settled with nothing new going out', () => {
    expect(exchangeFigures(returnMinor, emptyCart(), usd).settled).toBe(false);
  });

  it('rounds the cash part to the cash increment (CHF 0.05)', () => {
    const swiss = storedSale(ring(chf, [{ type: 'addVariant', variant: variant(1000) }]), chf);
    const back = returnValueMinor(
      swiss,
      [],
      [{ saleLineId: swiss.lines[0]?.id ?? '', quantityMilli: 1000, restock: true }],
    );
    // Inclusive prices: 10.00 back, 22.37 out, 12.37 due; 12.35 in cash settles it.
    const cart = ring(chf, [
      { type: 'addVariant', variant: variant(2237) },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 1235 } },
    ]);
    expect(exchangeFigures(back, cart, chf)).toMatchObject({
      differenceMinor: 1237,
      dueMinor: 0,
      cashRoundingMinor: -2,
      settled: true,
    });
  });
});

describe('the exchange body', () => {
  const sale = storedSale(
    ring(usd, [
      { type: 'addVariant', variant: trailMix },
      { type: 'addVariant', variant: gum },
    ]),
    usd,
  );
  const choices: ReturnChoice[] = [
    { saleLineId: lineOf(sale, gum.id), quantityMilli: 0, restock: true },
    { saleLineId: lineOf(sale, trailMix.id), quantityMilli: 1000, restock: false },
  ];
  const options = { refundId: REFUND_ID, registerId: REGISTER_ID, sale, refunds: [], choices };

  it("carries the return, the new sale's lines and only the customer's payments", () => {
    const cart = ring(usd, [
      { type: 'addVariant', variant: notebook },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 2000 } },
    ]);
    const body = toExchangeBody(cart, usd, { ...options, reason: '  Wrong flavour ' });
    expect(body).toEqual({
      id: REFUND_ID,
      registerId: REGISTER_ID,
      return: {
        saleId: sale.id,
        lines: [
          {
            saleLineId: lineOf(sale, trailMix.id),
            quantity: 1,
            restock: false,
            restockReason: 'not resellable',
          },
        ],
        destination: 'original_tenders',
        reason: 'Wrong flavour',
        expectedTotalMinor: 460,
      },
      sale: {
        id: cart.id,
        lines: [
          {
            id: cart.lines[0]?.id,
            kind: 'item',
            variantId: notebook.id,
            quantity: 1,
            unitPriceMinor: 1250,
            taxRates: [{ id: expect.any(String), ratePpm: 82_500 }],
          },
        ],
        payments: [{ id: cart.payments[0]?.id, kind: 'cash', amountMinor: 2000 }],
        expectedTotalMinor: 1353,
      },
    });
  });

  it('sends no payment at all when the return covers the new items', () => {
    const cart = ring(usd, [{ type: 'addVariant', variant: gum }]);
    const body = toExchangeBody(cart, usd, options);
    expect(body.sale.payments).toEqual([]);
    expect(body.sale.expectedTotalMinor).toBe(107);
    expect(body.return.expectedTotalMinor).toBe(460);
  });

  it('refuses an exchange the customer has not paid, or with nothing coming back', () => {
    const unpaid = ring(usd, [{ type: 'addVariant', variant: notebook }]);
    expect(() => toExchangeBody(unpaid, usd, options)).toThrow(/still due/);
    const cart = ring(usd, [{ type: 'addVariant', variant: gum }]);
    expect(() =>
      toExchangeBody(cart, usd, {
        ...options,
        choices: [{ saleLineId: lineOf(sale, gum.id), quantityMilli: 0, restock: true }],
      }),
    ).toThrow(/Choose what comes back/);
    expect(() => toExchangeBody(emptyCart(), usd, options)).toThrow(/Nothing is sold/);
  });
});

describe('paying the difference with several tenders', () => {
  const sale = storedSale(ring(usd, [{ type: 'addVariant', variant: trailMix }]), usd);
  const choices: ReturnChoice[] = [
    { saleLineId: lineOf(sale, trailMix.id), quantityMilli: 1000, restock: true },
  ];
  const options = { refundId: REFUND_ID, registerId: REGISTER_ID, sale, refunds: [], choices };
  // 4.60 comes back, the notebook is 13.53: 8.93 to pay.
  const returnMinor = returnValueMinor(sale, [], choices);
  const notebookOnly = ring(usd, [{ type: 'addVariant', variant: notebook }]);

  it('takes part on the external terminal and the rest in cash, with change on the cash', () => {
    const external = {
      kind: 'external' as const,
      amountMinor: 500,
      reference: 'AUTH-4711',
    };
    expect(exchangePaymentRefusal(returnMinor, notebookOnly, usd, external)).toBeNull();
    const card = ring(usd, [
      { type: 'addVariant', variant: notebook },
      { type: 'addPayment', payment: external },
    ]);
    expect(exchangeFigures(returnMinor, card, usd)).toMatchObject({
      dueMinor: 393,
      settled: false,
    });
    expect(previewExchangeCash(returnMinor, card, usd, 500)).toMatchObject({
      settles: true,
      changeMinor: 107,
      balanceMinor: 0,
    });
    const paid = ring(usd, [
      { type: 'addVariant', variant: notebook },
      { type: 'addPayment', payment: external },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 500 } },
    ]);
    expect(exchangeFigures(returnMinor, paid, usd)).toMatchObject({
      dueMinor: 0,
      changeMinor: 107,
      settled: true,
    });
    const body = toExchangeBody(paid, usd, options);
    expect(body.sale.payments).toEqual([
      { id: paid.payments[0]?.id, kind: 'external', amountMinor: 500, reference: 'AUTH-4711' },
      { id: paid.payments[1]?.id, kind: 'cash', amountMinor: 500 },
    ]);
  });

  it('pays the whole difference with a gift card, to the cent and never more', () => {
    const giftCard = (amountMinor: number, giftCardCode = 'GC-1234') => ({
      kind: 'gift_card' as const,
      amountMinor,
      giftCardCode,
    });
    // Only cash may exceed what is left after the return; a card is charged to the minor unit.
    expect(exchangePaymentRefusal(returnMinor, notebookOnly, usd, giftCard(894))).toBe(
      'exceeds_balance',
    );
    expect(exchangePaymentRefusal(returnMinor, notebookOnly, usd, giftCard(893, ' '))).toBe(
      'code_required',
    );
    expect(exchangePaymentRefusal(returnMinor, notebookOnly, usd, giftCard(893))).toBeNull();
    const paid = ring(usd, [
      { type: 'addVariant', variant: notebook },
      { type: 'addPayment', payment: giftCard(893) },
    ]);
    expect(exchangeFigures(returnMinor, paid, usd)).toMatchObject({
      dueMinor: 0,
      changeMinor: 0,
      settled: true,
    });
    expect(toExchangeBody(paid, usd, options).sale.payments).toEqual([
      { id: paid.payments[0]?.id, kind: 'gift_card', amountMinor: 893, giftCardCode: 'GC-1234' },
    ]);
    expect(exchangePaymentRefusal(returnMinor, paid, usd, { kind: 'cash', amountMinor: 100 })).toBe(
      'nothing_due',
    );
  });

  it('refuses store credit without a customer and a terminal payment without its code', () => {
    expect(
      exchangePaymentRefusal(returnMinor, notebookOnly, usd, {
        kind: 'store_credit',
        amountMinor: 893,
      }),
    ).toBe('customer_required');
    const withCustomer = ring(usd, [
      { type: 'addVariant', variant: notebook },
      {
        type: 'attachCustomer',
        customer: { id: '0195f0a0-0000-7000-8000-00000000ad01', name: 'Ada', taxExempt: false },
      },
    ]);
    expect(
      exchangePaymentRefusal(returnMinor, withCustomer, usd, {
        kind: 'store_credit',
        amountMinor: 893,
      }),
    ).toBeNull();
    expect(
      exchangePaymentRefusal(returnMinor, notebookOnly, usd, {
        kind: 'external',
        amountMinor: 300,
        reference: '  ',
      }),
    ).toBe('reference_required');
  });
});
