import { describe, expect, it } from 'vitest';
import type { PricingErrorCode } from './errors.ts';
import { priceSale } from './sale.ts';
import type { SaleInput, SaleLineInput } from './sale-types.ts';
import type { TaxRate } from './tax.ts';

const NYC: TaxRate = { id: 'nyc', ratePpm: 88_750 };

function sale(overrides: Partial<SaleInput> & Pick<SaleInput, 'lines'>): SaleInput {
  return {
    currency: 'USD',
    taxMode: 'exclusive',
    taxRounding: 'line',
    roundingMode: 'half_up',
    ...overrides,
  };
}

function line(id: string, unitPriceMinor: number, extra: Partial<SaleLineInput> = {}) {
  return { id, quantity: 1, unitPriceMinor, ...extra } as SaleLineInput;
}

function errorCode(run: () => unknown): PricingErrorCode | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: PricingErrorCode }).code;
  }
  return undefined;
}

describe('priceSale: hand-computed tax cases', () => {
  it('3 × 0.33 at 8.875 % exclusive: 0.99 × 0.08875 = 0.0878625 → 0.09', () => {
    const priced = priceSale(sale({ lines: [line('a', 33, { quantity: 3, taxRates: [NYC] })] }));
    expect(priced.lines[0]).toMatchObject({
      grossMinor: 99,
      netMinor: 99,
      taxMinor: 9,
      totalMinor: 108,
    });
    expect(priced.totals).toMatchObject({ subtotalMinor: 99, taxMinor: 9, totalMinor: 108 });
    expect(priced.totals.taxes).toEqual([
      { rateId: 'nyc', ratePpm: 88_750, compound: false, taxableMinor: 99, taxMinor: 9 },
    ]);
  });

  it('3 × 0.33 at 8.875 % inclusive: line rounding gives 9 cents, document rounding 8', () => {
    // Each 0.33 contains 0.33 × 0.08875 / 1.08875 = 0.0269 → 0.03; the 0.99 contains 0.0807.
    const lines = ['a', 'b', 'c'].map((id) => line(id, 33, { taxRates: [NYC] }));
    const perLine = priceSale(sale({ taxMode: 'inclusive', lines }));
    expect(perLine.lines.map((l) => l.taxMinor)).toEqual([3, 3, 3]);
    expect(perLine.totals).toMatchObject({ subtotalMinor: 90, taxMinor: 9, totalMinor: 99 });

    const perDocument = priceSale(sale({ taxMode: 'inclusive', taxRounding: 'document', lines }));
    // 8 cents spread over three equal lines: 2 each and the spare cents to the earliest lines.
    expect(perDocument.lines.map((l) => l.taxMinor)).toEqual([3, 3, 2]);
    expect(perDocument.lines.map((l) => l.netMinor)).toEqual([30, 30, 31]);
    expect(perDocument.totals).toMatchObject({ subtotalMinor: 91, taxMinor: 8, totalMinor: 99 });

    const oneLine = priceSale(
      sale({ taxMode: 'inclusive', lines: [line('a', 33, { quantity: 3, taxRates: [NYC] })] }),
    );
    expect(oneLine.totals).toMatchObject({ subtotalMinor: 91, taxMinor: 8, totalMinor: 99 });
  });

  it('5 × 0.10 at 8.875 % exclusive: 5 cents per line, 4 cents per document', () => {
    const lines = ['a', 'b', 'c', 'd', 'e'].map((id) => line(id, 10, { taxRates: [NYC] }));
    expect(priceSale(sale({ lines })).totals.taxMinor).toBe(5);
    const doc = priceSale(sale({ taxRounding: 'document', lines }));
    expect(doc.totals.taxMinor).toBe(4);
    expect(doc.lines.map((l) => l.taxMinor)).toEqual([1, 1, 1, 1, 0]);
  });

  it('rounds each jurisdiction separately: state 4 % + city 4.5 % + MCTD 0.375 % on 0.99', () => {
    // 3.96 → 4, 4.455 → 4, 0.371 → 0: 8 cents, one less than the combined 8.875 % rate gives.
    // Jurisdictions that compute on the combined rate should send one combined rate instead.
    const rates: TaxRate[] = [
      { id: 'state', ratePpm: 40_000 },
      { id: 'city', ratePpm: 45_000 },
      { id: 'mctd', ratePpm: 3_750 },
    ];
    const priced = priceSale(sale({ lines: [line('a', 33, { quantity: 3, taxRates: rates })] }));
    expect(priced.lines[0]?.taxes.map((t) => t.taxMinor)).toEqual([4, 4, 0]);
    expect(priced.totals.taxMinor).toBe(8);
    expect(priced.totals.taxes.map((t) => [t.rateId, t.taxableMinor, t.taxMinor])).toEqual([
      ['state', 99, 4],
      ['city', 99, 4],
      ['mctd', 99, 0],
    ]);
  });

  it('charges a compound rate on the net plus the taxes before it (GST 5 % + QST 8.5 %)', () => {
    const rates: TaxRate[] = [
      { id: 'gst', ratePpm: 50_000 },
      { id: 'qst', ratePpm: 85_000, compound: true },
    ];
    // GST 10.00 × 5 % = 0.50; QST (10.00 + 0.50) × 8.5 % = 0.8925 → 0.89.
    const priced = priceSale(
      sale({ currency: 'CAD', lines: [line('a', 1000, { taxRates: rates })] }),
    );
    expect(priced.lines[0]?.taxes.map((t) => t.taxMinor)).toEqual([50, 89]);
    expect(priced.totals.totalMinor).toBe(1139);

    // Inclusive 11.39 divides back by 1.13925 to 9.9978 net: GST 0.49989 → 0.50, QST 0.8923 → 0.89.
    const inclusive = priceSale(
      sale({
        currency: 'CAD',
        taxMode: 'inclusive',
        lines: [line('a', 1139, { taxRates: rates })],
      }),
    );
    expect(inclusive.lines[0]?.taxes.map((t) => t.taxMinor)).toEqual([50, 89]);
    expect(inclusive.lines[0]).toMatchObject({ netMinor: 1000, totalMinor: 1139 });
  });

  it('JPY at 10 %: whole yen, half_up versus half_even on a tie', () => {
    const ten: TaxRate = { id: 'jp10', ratePpm: 100_000 };
    const jpy = (extra: Partial<SaleInput>, lines: SaleLineInput[]) =>
      priceSale(sale({ currency: 'JPY', lines, ...extra }));
    expect(jpy({}, [line('a', 98, { quantity: 3, taxRates: [ten] })]).totals).toMatchObject({
      subtotalMinor: 294,
      taxMinor: 29,
      totalMinor: 323,
    });
    // ¥105 × 10 % = ¥10.5 exactly.
    expect(jpy({}, [line('a', 105, { taxRates: [ten] })]).totals.taxMinor).toBe(11);
    expect(
      jpy({ roundingMode: 'half_even' }, [line('a', 105, { taxRates: [ten] })]).totals.taxMinor,
    ).toBe(10);
    // ¥1,080 inclusive contains 1080 / 11 = ¥98.18 of tax.
    expect(
      jpy({ taxMode: 'inclusive' }, [line('a', 1080, { taxRates: [ten] })]).totals,
    ).toMatchObject({
      subtotalMinor: 982,
      taxMinor: 98,
      totalMinor: 1080,
    });
  });

  it('KWD has three decimals: 3 × 1.234 at 5 % is 3.702 + 0.185', () => {
    const priced = priceSale(
      sale({
        currency: 'KWD',
        lines: [line('a', 1234, { quantity: 3, taxRates: [{ id: 'vat', ratePpm: 50_000 }] })],
      }),
    );
    // 3702 fils × 5 % = 185.1 fils.
    expect(priced.totals).toMatchObject({ subtotalMinor: 3702, taxMinor: 185, totalMinor: 3887 });
    expect(priced.currency.exponent).toBe(3);
  });
});

describe('priceSale: quantities, overrides and discounts', () => {
  it('prices weighed goods in thousandths: 1.235 kg at 3.99/kg is 4.92765 → 4.93', () => {
    const priced = priceSale(
      sale({ lines: [{ id: 'w', quantityMilli: 1235, unitPriceMinor: 399 }] }),
    );
    expect(priced.lines[0]).toMatchObject({
      quantityMilli: 1235,
      grossMinor: 493,
      totalMinor: 493,
    });
  });

  it('uses the override as the charged unit price and keeps the list price', () => {
    const priced = priceSale(
      sale({ lines: [line('a', 500, { quantity: 2, priceOverrideMinor: 400 })] }),
    );
    expect(priced.lines[0]).toMatchObject({
      listUnitPriceMinor: 500,
      unitPriceMinor: 400,
      grossMinor: 800,
    });
  });

  it('applies a percentage line discount before tax', () => {
    const priced = priceSale(
      sale({
        lines: [
          line('a', 1000, {
            quantity: 2,
            discount: { kind: 'percent', ratePpm: 150_000 },
            taxRates: [{ id: 'vat', ratePpm: 200_000 }],
          }),
        ],
      }),
    );
    expect(priced.lines[0]).toMatchObject({
      grossMinor: 2000,
      lineDiscountMinor: 300,
      netMinor: 1700,
      taxMinor: 340,
      totalMinor: 2040,
    });
  });

  it('spreads a fixed order discount by largest remainder, before tax', () => {
    const priced = priceSale(
      sale({
        lines: [
          line('a', 1700, { taxRates: [NYC] }),
          line('b', 1000, { taxRates: [NYC] }),
          line('c', 300, { taxRates: [NYC] }),
        ],
        orderDiscount: { kind: 'fixed', amountMinor: 1000 },
      }),
    );
    // Exact shares 566.67 / 333.33 / 100: floors 566 + 333 + 100 = 999, the spare cent to 'a'.
    expect(priced.lines.map((l) => l.orderDiscountMinor)).toEqual([567, 333, 100]);
    expect(priced.lines.map((l) => l.netMinor)).toEqual([1133, 667, 200]);
    // Tax on the discounted nets: 100.55 → 101, 59.20 → 59, 17.75 → 18.
    expect(priced.lines.map((l) => l.taxMinor)).toEqual([101, 59, 18]);
    expect(priced.totals).toMatchObject({
      grossMinor: 3000,
      orderDiscountMinor: 1000,
      discountMinor: 1000,
      subtotalMinor: 2000,
      taxMinor: 178,
      totalMinor: 2178,
    });
  });

  it('splits an exact tie in the order discount to the earlier line', () => {
    const priced = priceSale(
      sale({
        lines: [line('a', 100), line('b', 100)],
        orderDiscount: { kind: 'fixed', amountMinor: 1 },
      }),
    );
    expect(priced.lines.map((l) => l.orderDiscountMinor)).toEqual([1, 0]);
  });

  it('discounts inclusive prices as shown, then takes the tax out of what is left', () => {
    const priced = priceSale(
      sale({
        currency: 'EUR',
        taxMode: 'inclusive',
        lines: [line('a', 1190, { taxRates: [{ id: 'de19', ratePpm: 190_000 }] })],
        orderDiscount: { kind: 'percent', ratePpm: 100_000 },
      }),
    );
    // 11.90 − 10 % = 10.71, containing 10.71 × 19 / 119 = 1.71 of VAT.
    expect(priced.lines[0]).toMatchObject({
      orderDiscountMinor: 119,
      netMinor: 900,
      taxMinor: 171,
      totalMinor: 1071,
    });
  });

  it('refuses a fixed discount larger than the amount it applies to', () => {
    expect(
      errorCode(() =>
        priceSale(
          sale({ lines: [line('a', 100, { discount: { kind: 'fixed', amountMinor: 101 } })] }),
        ),
      ),
    ).toBe('pricing.discount_exceeds_amount');
    expect(
      errorCode(() =>
        priceSale(
          sale({ lines: [line('a', 100)], orderDiscount: { kind: 'fixed', amountMinor: 101 } }),
        ),
      ),
    ).toBe('pricing.discount_exceeds_amount');
  });

  it('allows a 100 % discount, which leaves a zero line', () => {
    const priced = priceSale(
      sale({
        lines: [
          line('a', 999, { discount: { kind: 'percent', ratePpm: 1_000_000 }, taxRates: [NYC] }),
        ],
      }),
    );
    expect(priced.totals).toMatchObject({ discountMinor: 999, taxMinor: 0, totalMinor: 0 });
  });
});

describe('priceSale: tax-exempt customers', () => {
  it('charges no tax on exclusive prices', () => {
    const priced = priceSale(
      sale({ taxExempt: true, lines: [line('a', 1000, { taxRates: [NYC] })] }),
    );
    expect(priced.totals).toMatchObject({ subtotalMinor: 1000, taxMinor: 0, totalMinor: 1000 });
    expect(priced.totals.taxes).toEqual([]);
    expect(priced.lines[0]?.exemptTaxRemovedMinor).toBe(0);
  });

  it('takes the contained tax out of inclusive prices: 10.89 at 8.875 % becomes 10.00', () => {
    const priced = priceSale(
      sale({
        taxMode: 'inclusive',
        taxExempt: true,
        lines: [line('a', 1089, { taxRates: [NYC] })],
      }),
    );
    expect(priced.lines[0]).toMatchObject({
      grossMinor: 1089,
      netMinor: 1000,
      taxMinor: 0,
      exemptTaxRemovedMinor: 89,
      totalMinor: 1000,
    });
    expect(priced.totals.taxes).toEqual([]);
  });
});

describe('priceSale: refusals', () => {
  it.each<[string, () => unknown, PricingErrorCode]>([
    [
      'negative price',
      () => priceSale(sale({ lines: [line('a', -1)] })),
      'pricing.negative_amount',
    ],
    [
      'fractional price',
      () => priceSale(sale({ lines: [line('a', 1.5)] })),
      'pricing.invalid_amount',
    ],
    [
      'unsafe price',
      () => priceSale(sale({ lines: [line('a', 2 ** 53)] })),
      'pricing.unsafe_integer',
    ],
    [
      'unsafe extended price',
      () => priceSale(sale({ lines: [line('a', Number.MAX_SAFE_INTEGER, { quantity: 2 })] })),
      'pricing.unsafe_integer',
    ],
    [
      'unsafe total',
      () =>
        priceSale(
          sale({ lines: [line('a', Number.MAX_SAFE_INTEGER), line('b', Number.MAX_SAFE_INTEGER)] }),
        ),
      'pricing.unsafe_integer',
    ],
    [
      'zero quantity',
      () => priceSale(sale({ lines: [line('a', 1, { quantity: 0 })] })),
      'pricing.invalid_quantity',
    ],
    [
      'fractional quantity',
      () => priceSale(sale({ lines: [line('a', 1, { quantity: 1.5 })] })),
      'pricing.invalid_quantity',
    ],
    [
      'both quantity forms',
      () =>
        priceSale(
          sale({
            lines: [
              {
                id: 'a',
                quantity: 1,
                quantityMilli: 1000,
                unitPriceMinor: 1,
              } as unknown as SaleLineInput,
            ],
          }),
        ),
      'pricing.invalid_quantity',
    ],
    [
      'duplicate line id',
      () => priceSale(sale({ lines: [line('a', 1), line('a', 2)] })),
      'pricing.duplicate_line',
    ],
    [
      'rate above 100 %',
      () =>
        priceSale(sale({ lines: [line('a', 1, { taxRates: [{ id: 'x', ratePpm: 1_000_001 }] })] })),
      'pricing.invalid_rate',
    ],
    [
      'combined rates above 100 %',
      () =>
        priceSale(
          sale({
            lines: [
              line('a', 1, {
                taxRates: [
                  { id: 'x', ratePpm: 600_000 },
                  { id: 'y', ratePpm: 600_000 },
                ],
              }),
            ],
          }),
        ),
      'pricing.invalid_rate',
    ],
    [
      'one rate id with two rates',
      () =>
        priceSale(
          sale({
            lines: [
              line('a', 1, { taxRates: [{ id: 'x', ratePpm: 1 }] }),
              line('b', 1, { taxRates: [{ id: 'x', ratePpm: 2 }] }),
            ],
          }),
        ),
      'pricing.invalid_rate',
    ],
    [
      'unknown currency',
      () => priceSale(sale({ currency: 'XYZ', lines: [line('a', 1)] })),
      'pricing.unknown_currency',
    ],
    [
      'unknown tax mode',
      () => priceSale(sale({ taxMode: 'gross' as never, lines: [line('a', 1)] })),
      'pricing.invalid_option',
    ],
  ])('refuses %s', (_name, run, code) => {
    expect(errorCode(run)).toBe(code);
  });
});
