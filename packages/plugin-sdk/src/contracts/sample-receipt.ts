import type { Receipt } from '@tillpoint/domain';

// A receipt every printer plugin must render: accented names and a euro sign (code pages), a name
// longer than any paper is wide (wrapping), a weighed line, a line discount, a card tender with a
// masked number ("•" is a control code in some printer code pages) and cash with change.

export const SAMPLE_LONG_NAME =
  'Organic fair-trade single-origin Ethiopian Yirgacheffe coffee beans, whole bean, 1 kg bag';

export function sampleReceipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    kind: 'sale',
    documentId: '0197a3c4-5e6f-7a8b-9c0d-112233445566',
    receiptNumber: '0003-000123',
    originalReceiptNumber: null,
    currency: 'EUR',
    locale: 'en-IE',
    issuedAt: '2025-03-01T15:04:05.000Z',
    timeZone: 'Europe/Dublin',
    store: {
      name: 'Café Crème',
      addressLines: ['12 Main Street', 'Dublin D02 X285'],
      phone: '+353 1 555 0100',
      taxNumber: 'IE1234567T',
    },
    registerName: 'Front counter',
    cashierName: 'Dana',
    customerName: null,
    lines: [
      {
        description: 'Crème brûlée',
        sku: 'DES-001',
        unit: 'each',
        quantityMilli: 2000,
        unitPriceMinor: 450,
        grossMinor: 900,
        discountMinor: 90,
        amountMinor: 810,
        discountLabel: '10% staff',
      },
      {
        description: 'Äpfel (Elstar)',
        sku: null,
        unit: 'weight',
        quantityMilli: 500,
        unitPriceMinor: 398,
        grossMinor: 199,
        discountMinor: 0,
        amountMinor: 199,
        discountLabel: null,
      },
      {
        description: SAMPLE_LONG_NAME,
        sku: 'COF-1KG',
        unit: 'each',
        quantityMilli: 1000,
        unitPriceMinor: 2450,
        grossMinor: 2450,
        discountMinor: 0,
        amountMinor: 2450,
        discountLabel: null,
      },
    ],
    subtotalMinor: 3549,
    discountTotalMinor: 90,
    taxIncluded: true,
    taxes: [{ name: 'VAT', rateLabel: '23%', taxableMinor: 2812, taxMinor: 647 }],
    totalMinor: 3459,
    tenders: [
      {
        kind: 'card',
        label: 'Visa •••• 4242',
        amountMinor: 2000,
        tenderedMinor: 2000,
        reference: 'A1B2C3',
      },
      { kind: 'cash', label: 'Cash', amountMinor: 1459, tenderedMinor: 2000, reference: null },
    ],
    changeMinor: 541,
    cashRoundingMinor: 0,
    offline: false,
    headerLines: ['Open every day 8:00-20:00'],
    footerLines: ['Merci, thank you!'],
    ...overrides,
  };
}

/** A receipt no printer may print: no number, and a total the lines do not add up to. */
export function invalidReceipt(): Receipt {
  return sampleReceipt({ receiptNumber: '', totalMinor: 1 });
}
