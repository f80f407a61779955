import { describe, expect, it } from 'vitest';
import {
  allocateRefundToTenders,
  applyTenders,
  formatMinor,
  isPricingError,
  PricingError,
  priceRefund,
  priceSale,
} from './index.ts';

describe('a Swiss café sale from cart to full refund', () => {
  // Inclusive VAT 8.1 %, 3 coffees at 4.50 and a sandwich at 8.95, 5 % off the order.
  const sale = priceSale({
    currency: 'CHF',
    taxMode: 'inclusive',
    taxRounding: 'line',
    roundingMode: 'half_up',
    lines: [
      { id: 'coffee', quantity: 3, unitPriceMinor: 450, taxRates: [{ id: 'ch', ratePpm: 81_000 }] },
      {
        id: 'sandwich',
        quantity: 1,
        unitPriceMinor: 895,
        taxRates: [{ id: 'ch', ratePpm: 81_000 }],
      },
    ],
    orderDiscount: { kind: 'percent', ratePpm: 50_000 },
  });

  it('prices the cart', () => {
    // 22.45 × 5 % = 1.1225 → 1.12, split 0.67 / 0.45 (remainders .35 / .65).
    expect(sale.lines.map((l) => l.orderDiscountMinor)).toEqual([67, 45]);
    // VAT in 12.83 is 0.96135 → 0.96; in 8.50 it is 0.6369 → 0.64.
    expect(sale.lines.map((l) => l.taxMinor)).toEqual([96, 64]);
    expect(sale.totals).toMatchObject({
      grossMinor: 2245,
      discountMinor: 112,
      subtotalMinor: 1973,
      taxMinor: 160,
      totalMinor: 2133,
    });
    expect(formatMinor(sale.totals.totalMinor, sale.currency)).toBe('21.33');
  });

  const settlement = applyTenders({
    currency: sale.currency,
    balanceDueMinor: sale.totals.totalMinor,
    tenders: [
      { kind: 'card', amountMinor: 1000 },
      { kind: 'cash', amountMinor: 2000 },
    ],
  });

  it('takes card 10.00 and cash for the rest, 11.33 rounded to 11.35', () => {
    expect(settlement.payments.map((p) => [p.appliedMinor, p.changeMinor])).toEqual([
      [1000, 0],
      [1135, 865],
    ]);
    expect(settlement.cashRoundingMinor).toBe(2);
  });

  it('refunds one coffee to the card, then the rest, returning exactly what was paid', () => {
    const firstRefund = priceRefund({ sale, lines: [{ lineId: 'coffee', quantity: 1 }] });
    // Net 11.87 / 3 → 3.96, VAT 0.96 / 3 = 0.32, discount 0.67 / 3 → 0.22: gross 4.50.
    expect(firstRefund.lines[0]).toMatchObject({
      grossMinor: 450,
      orderDiscountMinor: 22,
      netMinor: 396,
      taxMinor: 32,
      totalMinor: 428,
    });
    const tenders = settlement.payments;
    const firstMoney = allocateRefundToTenders({
      currency: sale.currency,
      refundMinor: firstRefund.totals.totalMinor,
      paidMinor: settlement.paidMinor,
      tenders,
    });
    expect(firstMoney.payments).toEqual([{ kind: 'card', tenderIndex: 0, amountMinor: 428 }]);

    const rest = priceRefund({
      sale,
      alreadyRefunded: [{ lineId: 'coffee', quantity: 1 }],
      lines: [
        { lineId: 'coffee', quantity: 2 },
        { lineId: 'sandwich', quantity: 1 },
      ],
    });
    expect(rest.totals.totalMinor).toBe(1705);
    expect(firstRefund.totals.totalMinor + rest.totals.totalMinor).toBe(sale.totals.totalMinor);
    expect(firstRefund.totals.taxMinor + rest.totals.taxMinor).toBe(sale.totals.taxMinor);

    const restMoney = allocateRefundToTenders({
      currency: sale.currency,
      refundMinor: rest.totals.totalMinor,
      paidMinor: settlement.paidMinor,
      refundedBeforeMinor: firstRefund.totals.totalMinor,
      tenders,
    });
    expect(restMoney.payments.map((p) => [p.kind, p.amountMinor])).toEqual([
      ['card', 572],
      ['cash', 1135],
    ]);
    expect(restMoney.cashRoundingMinor).toBe(2);
    expect(firstMoney.totalMinor + restMoney.totalMinor).toBe(settlement.appliedMinor);
  });
});

describe('the public barrel', () => {
  it('exposes one error class with a stable code', () => {
    try {
      priceSale({
        currency: 'USD',
        taxMode: 'exclusive',
        taxRounding: 'line',
        roundingMode: 'half_up',
        lines: [
          {
            id: 'a',
            quantity: 1,
            unitPriceMinor: 100,
            discount: { kind: 'fixed', amountMinor: 200 },
          },
        ],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect(error).toBeInstanceOf(Error);
      expect(isPricingError(error) && error.code).toBe('pricing.discount_exceeds_amount');
      expect(isPricingError(error) && error.message).toBe(
        'Line "a" discount of 200 exceeds the 100 it applies to.',
      );
    }
  });
});
