import fc from 'fast-check';
import type { CashReport, CashReportDenomination, CashReportMovement } from './model.ts';

/** An X report mid-shift: $150 float, cash and card sales, a cash refund, a pay-in and out. */
export function sampleXReport(): CashReport {
  return {
    kind: 'x',
    cashSessionId: '0197a3c4-5e6f-7a8b-9c0d-aabbccddeeff',
    storeName: 'Main Street Market',
    registerName: 'Front till',
    currency: 'USD',
    locale: 'en-US',
    timeZone: 'America/Chicago',
    openedAt: '2025-03-01T15:00:00.000Z',
    openedBy: 'Casey Cashier',
    asOf: '2025-03-01T19:30:00.000Z',
    drawer: {
      openingFloatMinor: 15_000,
      cashSalesMinor: 8_450,
      cashRefundsMinor: 1_200,
      payInsMinor: 2_000,
      payOutsMinor: 750,
      expectedMinor: 23_500,
    },
    payInsCount: 1,
    payOutsCount: 1,
    movements: [
      { kind: 'pay_in', amountMinor: 2_000, reason: 'Change top-up' },
      { kind: 'pay_out', amountMinor: 750, reason: 'Window cleaner' },
    ],
    noSaleCount: 2,
    sales: { count: 7, totalMinor: 19_925 },
    refunds: { count: 1, totalMinor: 1_200 },
    netSalesMinor: 18_725,
    voidsCount: 1,
    openSalesCount: 0,
    parkedSalesCount: 1,
    tenders: [
      {
        kind: 'cash',
        label: 'Cash',
        salesCount: 4,
        salesMinor: 8_450,
        refundsCount: 1,
        refundsMinor: 1_200,
        netMinor: 7_250,
      },
      {
        kind: 'card',
        label: 'Card',
        salesCount: 3,
        salesMinor: 11_475,
        refundsCount: 0,
        refundsMinor: 0,
        netMinor: 11_475,
      },
    ],
    taxes: [
      {
        name: 'State sales tax',
        rateLabel: '8.25%',
        salesTaxableMinor: 18_406,
        salesTaxMinor: 1_519,
        refundsTaxableMinor: 1_109,
        refundsTaxMinor: 91,
        netTaxMinor: 1_428,
      },
    ],
    closing: null,
  };
}

/** The same shift closed $3.35 short: counted $231.65 against $235.00 expected. */
export function sampleZReport(): CashReport {
  const x = sampleXReport();
  return {
    ...x,
    kind: 'z',
    asOf: '2025-03-02T00:05:00.000Z',
    closing: {
      closedAt: '2025-03-02T00:05:00.000Z',
      closedBy: 'Morgan Manager',
      denominations: [
        { valueMinor: 10_000, count: 1 },
        { valueMinor: 2_000, count: 5 },
        { valueMinor: 500, count: 4 },
        { valueMinor: 100, count: 10 },
        { valueMinor: 25, count: 6 },
        { valueMinor: 5, count: 3 },
        { valueMinor: 1, count: 0 },
      ],
      countedMinor: 23_165,
      expectedMinor: 23_500,
      overShortMinor: -335,
      note: 'Float counted twice',
      changedSinceClose: false,
    },
  };
}

const amount = fc.integer({ min: 0, max: 5_000_000 });
const words = fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim() !== '');

const movementArbitrary: fc.Arbitrary<CashReportMovement> = fc.record({
  kind: fc.constantFrom('pay_in' as const, 'pay_out' as const),
  amountMinor: fc.integer({ min: 1, max: 500_000 }),
  reason: fc.option(words, { nil: null }),
});

const denominationArbitrary: fc.Arbitrary<CashReportDenomination> = fc.record({
  valueMinor: fc.constantFrom(1, 5, 10, 25, 50, 100, 500, 1_000, 2_000, 5_000, 10_000),
  count: fc.integer({ min: 0, max: 2_000 }),
});

/**
 * Reports whose figures add up, built the way the platform builds them: the parts are drawn
 * and the totals computed from them. Names, currencies and sizes vary.
 */
export const cashReportArbitrary: fc.Arbitrary<CashReport> = fc
  .record({
    kind: fc.constantFrom('x' as const, 'z' as const),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'GBP'),
    locale: fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'ja-JP', 'sv-SE'),
    storeName: words,
    registerName: words,
    openedBy: fc.option(words, { nil: null }),
    closedBy: fc.option(words, { nil: null }),
    note: fc.option(words, { nil: null }),
    float: amount,
    cashSales: amount,
    cashRefunds: amount,
    cardSales: amount,
    movements: fc.array(movementArbitrary, { maxLength: 6 }),
    itemised: fc.boolean(),
    denominations: fc.uniqueArray(denominationArbitrary, {
      selector: (line) => line.valueMinor,
      maxLength: 11,
    }),
    noSales: fc.nat(50),
    voids: fc.nat(50),
    salesCount: fc.nat(10_000),
    refundsCount: fc.nat(100),
    changedSinceClose: fc.boolean(),
    drift: fc.integer({ min: -10_000, max: 10_000 }),
  })
  .map((drawn): CashReport => {
    const total = (kind: 'pay_in' | 'pay_out') =>
      drawn.movements.filter((m) => m.kind === kind).reduce((sum, m) => sum + m.amountMinor, 0);
    const payIns = total('pay_in');
    const payOuts = total('pay_out');
    const expectedMinor = drawn.float + drawn.cashSales - drawn.cashRefunds + payIns - payOuts;
    const salesTotal = drawn.cashSales + drawn.cardSales;
    const countedMinor = drawn.denominations.reduce(
      (sum, line) => sum + line.valueMinor * line.count,
      0,
    );
    const expectedAtClose = drawn.changedSinceClose ? expectedMinor + drawn.drift : expectedMinor;
    return {
      kind: drawn.kind,
      cashSessionId: '0197a3c4-5e6f-7a8b-9c0d-aabbccddeeff',
      storeName: drawn.storeName,
      registerName: drawn.registerName,
      currency: drawn.currency,
      locale: drawn.locale,
      timeZone: 'Europe/Berlin',
      openedAt: '2025-03-01T08:00:00.000Z',
      openedBy: drawn.openedBy,
      asOf: '2025-03-01T18:00:00.000Z',
      drawer: {
        openingFloatMinor: drawn.float,
        cashSalesMinor: drawn.cashSales,
        cashRefundsMinor: drawn.cashRefunds,
        payInsMinor: payIns,
        payOutsMinor: payOuts,
        expectedMinor,
      },
      payInsCount: drawn.movements.filter((m) => m.kind === 'pay_in').length,
      payOutsCount: drawn.movements.filter((m) => m.kind === 'pay_out').length,
      movements: drawn.itemised ? drawn.movements : null,
      noSaleCount: drawn.noSales,
      sales: { count: drawn.salesCount, totalMinor: salesTotal },
      refunds: { count: drawn.refundsCount, totalMinor: drawn.cashRefunds },
      netSalesMinor: salesTotal - drawn.cashRefunds,
      voidsCount: drawn.voids,
      openSalesCount: 0,
      parkedSalesCount: 0,
      tenders: [
        {
          kind: 'cash',
          label: 'Cash',
          salesCount: 1,
          salesMinor: drawn.cashSales,
          refundsCount: drawn.cashRefunds > 0 ? 1 : 0,
          refundsMinor: drawn.cashRefunds,
          netMinor: drawn.cashSales - drawn.cashRefunds,
        },
        {
          kind: 'card',
          label: 'Card',
          salesCount: 1,
          salesMinor: drawn.cardSales,
          refundsCount: 0,
          refundsMinor: 0,
          netMinor: drawn.cardSales,
        },
      ],
      // Prices include 19 % VAT: the tax inside the sales and inside what was refunded.
      taxes: [
        {
          name: 'VAT',
          rateLabel: '19%',
          salesTaxableMinor: salesTotal - Math.floor((salesTotal * 19) / 119),
          salesTaxMinor: Math.floor((salesTotal * 19) / 119),
          refundsTaxableMinor: drawn.cashRefunds - Math.floor((drawn.cashRefunds * 19) / 119),
          refundsTaxMinor: Math.floor((drawn.cashRefunds * 19) / 119),
          netTaxMinor:
            Math.floor((salesTotal * 19) / 119) - Math.floor((drawn.cashRefunds * 19) / 119),
        },
      ],
      closing:
        drawn.kind === 'z'
          ? {
              closedAt: '2025-03-01T18:00:00.000Z',
              closedBy: drawn.closedBy,
              denominations: drawn.denominations,
              countedMinor,
              expectedMinor: expectedAtClose,
              overShortMinor: countedMinor - expectedAtClose,
              note: drawn.note,
              changedSinceClose: drawn.changedSinceClose,
            }
          : null,
    };
  });
