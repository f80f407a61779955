import { checkReceipt, type Receipt } from '@tillpoint/domain';
import { decodeEscPos } from '@tillpoint/printer-escpos/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saleContextOf } from '../sale/context.ts';
import {
  CATEGORY_FOOD,
  cartPlanArb,
  chf,
  exemptCustomer,
  ringUp,
  taxTable,
  usd,
  variant,
} from '../sale/testing.ts';
import { buildLocalReceipt, provisionalReceiptNumber } from './build-receipt.ts';
import { renderLocalReceipt } from './render-local.ts';
import { cartOf, completed, completedSale, profile } from './testing.ts';

// The receipt this register builds for a sale it holds: every figure is the money engine's (the
// figures the server stores when the sale arrives), and it passes the checks every printed
// receipt must pass.

const cad = saleContextOf(taxTable({ currency: 'CAD', cashIncrementMinor: 5 }), {
  offlineTenders: ['cash', 'external', 'other'],
});

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function build(sale: ReturnType<typeof completed>, receiptNumber: number | null = null): Receipt {
  const receipt = buildLocalReceipt({
    sale,
    profile: profile(),
    receiptNumber,
    cashierName: 'Sam Cashier',
  });
  expect(checkReceipt(receipt)).toEqual([]);
  return receipt;
}

function expectDomainFigures(receipt: Receipt, sale: ReturnType<typeof completed>): void {
  const { totals } = sale;
  expect(receipt.totalMinor).toBe(totals.totalMinor);
  expect(receipt.subtotalMinor).toBe(totals.grossMinor);
  expect(receipt.changeMinor).toBe(totals.changeMinor);
  expect(receipt.cashRoundingMinor).toBe(totals.cashRoundingMinor);
  expect(sum(receipt.taxes.map((tax) => tax.taxMinor))).toBe(totals.taxMinor);
  expect(receipt.tenders.map((tender) => [tender.kind, tender.amountMinor])).toEqual(
    totals.payments.map((payment) => [payment.kind, payment.appliedMinor]),
  );
  expect(receipt.lines.map((line) => line.grossMinor)).toEqual(
    totals.lines.map((line) => line.grossMinor),
  );
}

describe('the receipt built on the register', () => {
  it('rounds cash to the nickel in CAD and says how much, with the change', () => {
    const item = variant(1_999, { taxCategoryId: null });
    const sale = completedSale(cad, [
      { type: 'addVariant', variant: item },
      { type: 'addVariant', variant: item },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 5_000 } },
    ]);
    const receipt = build(sale);
    expectDomainFigures(receipt, sale);
    // 2 x 19.99 + 8.25 % = 43.28, paid in cash: 43.30 kept, 0.02 rounding, 6.70 change.
    expect(receipt).toMatchObject({
      currency: 'CAD',
      totalMinor: 4_328,
      cashRoundingMinor: 2,
      changeMinor: 670,
      tenders: [
        { kind: 'cash', label: 'Cash', amountMinor: 4_330, tenderedMinor: 5_000, reference: null },
      ],
      taxes: [{ name: 'State tax', rateLabel: '8.25%', taxableMinor: 3_998, taxMinor: 330 }],
      offline: true,
      receiptNumber: provisionalReceiptNumber(sale.saleId),
      cashierName: 'Sam Cashier',
      store: profile().store,
      footerLines: ['Thank you!'],
    });
  });

  it('prints discounts with their labels, line and order shares, taxes added on top', () => {
    const shirt = variant(2_500);
    const bread = variant(400, { taxCategoryId: CATEGORY_FOOD });
    const goods = cartOf([
      { type: 'addVariant', variant: shirt },
      { type: 'addVariant', variant: bread },
    ]);
    const [shirtLine] = goods.lines;
    const sale = completedSale(
      usd,
      [
        {
          type: 'setLineDiscount',
          lineId: shirtLine?.id ?? '',
          discount: { kind: 'percent', ppm: 100_000 },
        },
        { type: 'setOrderDiscount', discount: { kind: 'fixed', amountMinor: 100 } },
        { type: 'addPayment', payment: { kind: 'cash', amountMinor: 10_000 } },
      ],
      { cart: goods },
    );
    const receipt = build(sale);
    expectDomainFigures(receipt, sale);
    expect(receipt.taxIncluded).toBe(false);
    expect(receipt.lines[0]?.discountLabel).toBe('10% off + order $1.00 off');
    expect(receipt.lines[1]?.discountLabel).toBe('order $1.00 off');
    expect(receipt.discountTotalMinor).toBe(sale.totals.discountMinor);
    expect(receipt.taxes.map((tax) => tax.name)).toEqual(['State tax', 'City tax']);
  });

  it('shows prices including tax, and the tax an exempt customer did not pay as a discount', () => {
    const item = variant(1_080);
    const sale = completedSale(chf, [
      { type: 'addVariant', variant: item },
      { type: 'attachCustomer', customer: exemptCustomer },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 2_000 } },
    ]);
    const receipt = build(sale);
    expectDomainFigures(receipt, sale);
    expect(receipt.taxIncluded).toBe(true);
    expect(receipt.customerName).toBe('Exempt Co');
    expect(receipt.discountTotalMinor).toBe(sale.totals.exemptTaxRemovedMinor);
    expect(receipt.discountTotalMinor).toBeGreaterThan(0);
    expect(receipt.lines[0]?.discountLabel).toBe('tax exempt');
    expect(receipt.lines[0]?.amountMinor).toBe(sale.totals.totalMinor);
  });

  it('lists each tender of a split payment with its reference', () => {
    const item = variant(3_000, { taxCategoryId: null });
    const sale = completedSale(cad, [
      { type: 'addVariant', variant: item },
      {
        type: 'addPayment',
        payment: { kind: 'external', amountMinor: 2_000, reference: 'APPROVAL-77' },
      },
      { type: 'addPayment', payment: { kind: 'cash', amountMinor: 2_000 } },
    ]);
    const receipt = build(sale, 42);
    expectDomainFigures(receipt, sale);
    expect(receipt.receiptNumber).toBe('000042');
    expect(receipt.tenders).toEqual([
      {
        kind: 'external',
        label: 'Card terminal',
        amountMinor: 2_000,
        tenderedMinor: 2_000,
        reference: 'APPROVAL-77',
      },
      expect.objectContaining({ kind: 'cash', tenderedMinor: 2_000 }),
    ]);
  });

  it('agrees with the money engine on random carts', () => {
    const variants = [variant(1), variant(1_999), variant(333, { taxCategoryId: CATEGORY_FOOD })];
    fc.assert(
      fc.asyncProperty(cartPlanArb(variants.length), async (plan) => {
        for (const context of [usd, chf, cad]) {
          const cart = await ringUp(plan, { variants, context, exemptCustomer });
          const sale = completed(cart, context);
          if (!sale.totals.paidInFull) continue;
          expectDomainFigures(build(sale), sale);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('printed on the register', () => {
  const sale = completedSale(cad, [
    { type: 'addVariant', variant: { ...variant(1_250), name: 'Maple syrup' } },
    { type: 'addPayment', payment: { kind: 'cash', amountMinor: 2_000 } },
  ]);
  const receipt = buildLocalReceipt({
    sale,
    profile: profile(),
    receiptNumber: null,
    cashierName: 'Sam Cashier',
  });

  it('says the total, that it was sold offline and that its number comes later', () => {
    const decoded = decodeEscPos(renderLocalReceipt(receipt, profile().printer, 'customer'));
    const text = decoded.lines.join('\n');
    expect(text).toContain('Maple syrup');
    expect(text).toContain(`$${(receipt.totalMinor / 100).toFixed(2)}`);
    expect(text).toContain('Sold while the register was offline');
    expect(text).toContain(provisionalReceiptNumber(sale.saleId));
    expect(decoded.qrCodes).toEqual([sale.saleId]);
    expect(decoded.opensDrawer).toBe(false);
  });

  it('prints a gift copy without prices, with the code to return it', () => {
    const decoded = decodeEscPos(renderLocalReceipt(receipt, profile().printer, 'gift'));
    const text = decoded.lines.join('\n');
    expect(text).toContain('GIFT RECEIPT');
    expect(text).toContain('Maple syrup');
    expect(text).not.toContain('12.50');
    expect(decoded.qrCodes).toEqual([sale.saleId]);
  });
});
