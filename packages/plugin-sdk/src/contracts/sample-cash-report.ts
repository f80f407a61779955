import type { CashReport } from '@tillpoint/domain';

// A Z report every printer plugin must print: accented names and euro amounts (code pages), a
// pay-out reason longer than any paper is wide (wrapping), the closing count and a short drawer.

export const SAMPLE_PAY_OUT_REASON =
  'Window cleaning for the whole shop front, both floors, paid from the drawer on delivery';

export function sampleCashReport(overrides: Partial<CashReport> = {}): CashReport {
  return {
    kind: 'z',
    cashSessionId: '0197a3c4-5e6f-7a8b-9c0d-aabbccddeeff',
    storeName: 'Café Crème',
    registerName: 'Front counter',
    currency: 'EUR',
    locale: 'en-IE',
    timeZone: 'Europe/Dublin',
    openedAt: '2025-03-01T08:00:00.000Z',
    openedBy: 'Dana Öztürk',
    asOf: '2025-03-01T18:30:00.000Z',
    drawer: {
      openingFloatMinor: 10_000,
      cashSalesMinor: 4_590,
      cashRefundsMinor: 450,
      payInsMinor: 0,
      payOutsMinor: 1_500,
      expectedMinor: 12_640,
    },
    payInsCount: 0,
    payOutsCount: 1,
    movements: [{ kind: 'pay_out', amountMinor: 1_500, reason: SAMPLE_PAY_OUT_REASON }],
    noSaleCount: 1,
    sales: { count: 6, totalMinor: 9_840 },
    refunds: { count: 1, totalMinor: 450 },
    netSalesMinor: 9_390,
    voidsCount: 0,
    openSalesCount: 0,
    parkedSalesCount: 0,
    tenders: [
      {
        kind: 'cash',
        label: 'Cash',
        salesCount: 4,
        salesMinor: 4_590,
        refundsCount: 1,
        refundsMinor: 450,
        netMinor: 4_140,
      },
      {
        kind: 'card',
        label: 'Card',
        salesCount: 2,
        salesMinor: 5_250,
        refundsCount: 0,
        refundsMinor: 0,
        netMinor: 5_250,
      },
    ],
    taxes: [
      {
        name: 'Sales tax',
        rateLabel: '8.25%',
        salesTaxableMinor: 9_090,
        salesTaxMinor: 750,
        refundsTaxableMinor: 416,
        refundsTaxMinor: 34,
        netTaxMinor: 716,
      },
    ],
    closing: {
      closedAt: '2025-03-01T18:30:00.000Z',
      closedBy: 'Émile Gérant',
      denominations: [
        { valueMinor: 5_000, count: 1 },
        { valueMinor: 1_000, count: 5 },
        { valueMinor: 200, count: 10 },
        { valueMinor: 50, count: 6 },
        { valueMinor: 20, count: 10 },
      ],
      countedMinor: 12_500,
      expectedMinor: 12_640,
      overShortMinor: -140,
      note: null,
      changedSinceClose: false,
    },
    ...overrides,
  };
}

/** A Z report whose count does not match its over/short: printers must refuse it. */
export function invalidCashReport(): CashReport {
  const report = sampleCashReport();
  if (!report.closing) throw new Error('The sample cash report is a Z report.');
  return { ...report, closing: { ...report.closing, overShortMinor: 140 } };
}
