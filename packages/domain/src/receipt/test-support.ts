import fc from 'fast-check';
import type { Receipt, ReceiptLine, ReceiptTax, ReceiptTender } from './model.ts';

// Receipts for tests: a hand-checked sale and refund, and an arbitrary of consistent receipts
// (figures that add up the way a priced sale's do) for property tests.

export const LONG_NAME =
  'Organic fair-trade single-origin Ethiopian Yirgacheffe coffee beans, whole bean, 1 kg bag';

/** USD, tax added: 2 x 3.50 (10% staff) + 0.250 kg x 12.00 + 24.50; paid by card and cash. */
export function sampleSale(overrides: Partial<Receipt> = {}): Receipt {
  const lines: ReceiptLine[] = [
    {
      description: 'Crème brûlée',
      sku: 'DES-001',
      unit: 'each',
      quantityMilli: 2000,
      unitPriceMinor: 350,
      grossMinor: 700,
      discountMinor: 70,
      amountMinor: 630,
      discountLabel: '10% staff',
    },
    {
      description: 'Honeycrisp apples',
      sku: null,
      unit: 'weight',
      quantityMilli: 250,
      unitPriceMinor: 1200,
      grossMinor: 300,
      discountMinor: 0,
      amountMinor: 300,
      discountLabel: null,
    },
    {
      description: LONG_NAME,
      sku: 'COF-1KG',
      unit: 'each',
      quantityMilli: 1000,
      unitPriceMinor: 2450,
      grossMinor: 2450,
      discountMinor: 0,
      amountMinor: 2450,
      discountLabel: null,
    },
  ];
  return {
    kind: 'sale',
    documentId: '0197a3c4-5e6f-7a8b-9c0d-112233445566',
    receiptNumber: '0003-000123',
    originalReceiptNumber: null,
    currency: 'USD',
    locale: 'en-US',
    issuedAt: '2025-03-01T15:04:05.000Z',
    timeZone: 'America/Chicago',
    store: {
      name: 'Main Street Market',
      addressLines: ['12 Main Street', 'Springfield, IL 62701'],
      phone: '+1 217 555 0100',
      taxNumber: null,
    },
    registerName: 'Front counter',
    cashierName: 'Dana',
    customerName: 'Alex Morgan',
    lines,
    subtotalMinor: 3450,
    discountTotalMinor: 70,
    taxIncluded: false,
    taxes: [{ name: 'State sales tax', rateLabel: '8.25%', taxableMinor: 3380, taxMinor: 279 }],
    totalMinor: 3659,
    tenders: [
      {
        kind: 'card',
        label: 'Visa •••• 4242',
        amountMinor: 2000,
        tenderedMinor: 2000,
        reference: 'A1B2C3',
      },
      { kind: 'cash', label: 'Cash', amountMinor: 1659, tenderedMinor: 2000, reference: null },
    ],
    changeMinor: 341,
    cashRoundingMinor: 0,
    offline: false,
    headerLines: ['Open every day 8-20'],
    footerLines: ['Thank you!', 'Returns within 30 days with this receipt.'],
    ...overrides,
  };
}

/** A refund of one Crème brûlée back to cash, for receipt 0003-000123. */
export function sampleRefund(overrides: Partial<Receipt> = {}): Receipt {
  return sampleSale({
    kind: 'refund',
    documentId: '0197a3c4-aaaa-7bbb-8ccc-ddddeeeeffff',
    receiptNumber: '0003-R00007',
    originalReceiptNumber: '0003-000123',
    lines: [
      {
        description: 'Crème brûlée',
        sku: 'DES-001',
        unit: 'each',
        quantityMilli: 1000,
        unitPriceMinor: 350,
        grossMinor: 350,
        discountMinor: 35,
        amountMinor: 315,
        discountLabel: '10% staff',
      },
    ],
    subtotalMinor: 350,
    discountTotalMinor: 35,
    taxes: [{ name: 'State sales tax', rateLabel: '8.25%', taxableMinor: 315, taxMinor: 26 }],
    totalMinor: 341,
    tenders: [
      { kind: 'cash', label: 'Cash', amountMinor: 341, tenderedMinor: 341, reference: null },
    ],
    changeMinor: 0,
    ...overrides,
  });
}

const word = fc.oneof(
  fc.constantFrom('Crème', 'brûlée', 'Äpfel', 'café', 'tea', 'x', 'Œuf', '€uro', 'naïve', 'SKU-1'),
  fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'Z', '-', '0'), minLength: 1, maxLength: 70 }),
);
const words = (max: number) =>
  fc.array(word, { minLength: 1, maxLength: max }).map((parts) => parts.join(' '));

const line: fc.Arbitrary<ReceiptLine> = fc
  .record({
    description: words(8),
    unit: fc.constantFrom('each' as const, 'weight' as const),
    count: fc.integer({ min: 1, max: 250 }),
    unitPriceMinor: fc.integer({ min: 0, max: 5_000_000 }),
    grossMinor: fc.integer({ min: 0, max: 50_000_000 }),
    discountShare: fc.integer({ min: 0, max: 100 }),
    discountLabel: fc.option(words(3), { nil: null }),
  })
  .map((draft) => {
    const discountMinor = Math.floor((draft.grossMinor * draft.discountShare) / 400);
    return {
      description: draft.description,
      sku: null,
      unit: draft.unit,
      quantityMilli: draft.unit === 'each' ? draft.count * 1000 : draft.count * 7,
      unitPriceMinor: draft.unitPriceMinor,
      grossMinor: draft.grossMinor,
      discountMinor,
      amountMinor: draft.grossMinor - discountMinor,
      discountLabel: discountMinor > 0 ? draft.discountLabel : null,
    };
  });

/** Receipts whose figures add up: the renderers must accept every one of them. */
export const receiptArbitrary: fc.Arbitrary<Receipt> = fc
  .record({
    kind: fc.constantFrom('sale' as const, 'refund' as const),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'CAD', 'CHF'),
    locale: fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'ja-JP', 'en-GB', 'sv-SE'),
    storeName: words(6),
    registerName: words(3),
    cashierName: fc.option(words(3), { nil: null }),
    customerName: fc.option(words(4), { nil: null }),
    lines: fc.array(line, { minLength: 1, maxLength: 5 }),
    taxIncluded: fc.boolean(),
    taxNames: fc.array(words(4), { maxLength: 2 }),
    cardShare: fc.integer({ min: 0, max: 100 }),
    extraCash: fc.integer({ min: 0, max: 100_000 }),
    rounding: fc.integer({ min: -2, max: 2 }),
    offline: fc.boolean(),
    headerLines: fc.array(words(10), { maxLength: 2 }),
    footerLines: fc.array(words(10), { maxLength: 2 }),
  })
  .map((draft): Receipt => {
    const subtotalMinor = draft.lines.reduce((sum, entry) => sum + entry.grossMinor, 0);
    const discountTotalMinor = draft.lines.reduce((sum, entry) => sum + entry.discountMinor, 0);
    const net = subtotalMinor - discountTotalMinor;
    const taxes: ReceiptTax[] = draft.taxNames.map((name, index) => ({
      name,
      rateLabel: `${5 + index}%`,
      taxableMinor: net,
      taxMinor: Math.floor(net / (20 + index)),
    }));
    const taxMinor = taxes.reduce((sum, tax) => sum + tax.taxMinor, 0);
    const totalMinor = draft.taxIncluded ? net : net + taxMinor;
    const cardMinor = Math.floor((totalMinor * draft.cardShare) / 100);
    const cashDue = totalMinor - cardMinor;
    const rounding = cashDue > 2 ? draft.rounding : 0;
    const tenders: ReceiptTender[] = [];
    if (cardMinor > 0)
      tenders.push({
        kind: 'card',
        label: 'Visa •••• 4242',
        amountMinor: cardMinor,
        tenderedMinor: cardMinor,
        reference: 'AUTH42',
      });
    const cashApplied = cashDue + rounding;
    const extra = draft.kind === 'sale' ? draft.extraCash : 0;
    if (cashApplied > 0)
      tenders.push({
        kind: 'cash',
        label: 'Cash',
        amountMinor: cashApplied,
        tenderedMinor: cashApplied + extra,
        reference: null,
      });
    return {
      kind: draft.kind,
      documentId: '0197a3c4-5e6f-7a8b-9c0d-112233445566',
      receiptNumber: '0001-000042',
      originalReceiptNumber: draft.kind === 'refund' ? '0001-000041' : null,
      currency: draft.currency,
      locale: draft.locale,
      issuedAt: '2025-12-31T23:59:00.000Z',
      timeZone: 'Europe/Paris',
      store: {
        name: draft.storeName,
        addressLines: ['1 Rue de la Paix'],
        phone: null,
        taxNumber: null,
      },
      registerName: draft.registerName,
      cashierName: draft.cashierName,
      customerName: draft.customerName,
      lines: draft.lines,
      subtotalMinor,
      discountTotalMinor,
      taxIncluded: draft.taxIncluded,
      taxes,
      totalMinor,
      tenders,
      changeMinor: cashApplied > 0 ? extra : 0,
      cashRoundingMinor: cashApplied > 0 ? rounding : 0,
      offline: draft.offline,
      headerLines: draft.headerLines,
      footerLines: draft.footerLines,
    };
  });
