import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidReceipt, checkReceipt, InvalidReceiptError } from './check.ts';
import type { Receipt } from './model.ts';
import { receiptArbitrary, sampleRefund, sampleSale } from './test-support.ts';

function pathsOf(receipt: Receipt): string[] {
  return checkReceipt(receipt).map((problem) => problem.path);
}

describe('checkReceipt', () => {
  it('accepts the sample sale and refund', () => {
    expect(checkReceipt(sampleSale())).toEqual([]);
    expect(checkReceipt(sampleRefund())).toEqual([]);
  });

  it('accepts every consistent receipt', () => {
    fc.assert(
      fc.property(receiptArbitrary, (receipt) => {
        expect(checkReceipt(receipt)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an empty receipt number, document id and store name', () => {
    const receipt = sampleSale({
      receiptNumber: '  ',
      documentId: '',
      store: { ...sampleSale().store, name: '' },
    });
    expect(pathsOf(receipt)).toEqual(['receiptNumber', 'documentId', 'store.name']);
  });

  it('refuses negative and fractional amounts without adding them up', () => {
    const sale = sampleSale();
    const [first, ...rest] = sale.lines;
    if (!first) throw new Error('sample has lines');
    const receipt = sampleSale({
      lines: [{ ...first, grossMinor: -700 }, ...rest],
      totalMinor: 36.59,
    });
    expect(pathsOf(receipt)).toEqual(['lines[0].grossMinor', 'totalMinor']);
  });

  it('refuses lines that do not add up to the subtotal', () => {
    const problems = checkReceipt(sampleSale({ subtotalMinor: 3451 }));
    expect(problems.map((problem) => problem.path)).toContain('subtotalMinor');
    expect(problems[0]?.message).toMatch(/lines add up to 3450/);
  });

  it('refuses a total that is not subtotal − discounts + taxes', () => {
    expect(pathsOf(sampleSale({ totalMinor: 3660 }))).toContain('totalMinor');
    // Tax-included: the taxes are inside the total, not added to it.
    expect(pathsOf(sampleSale({ taxIncluded: true }))).toContain('totalMinor');
    expect(
      pathsOf(
        sampleSale({
          taxIncluded: true,
          totalMinor: 3380,
          tenders: cash(3380, 3380),
          changeMinor: 0,
        }),
      ),
    ).toEqual([]);
  });

  it('accepts a tax-exempt inclusive sale once the removed tax is stated', () => {
    const exempt = sampleSale({
      taxIncluded: true,
      taxes: [],
      totalMinor: 3100,
      tenders: cash(3100, 3100),
      changeMinor: 0,
    });
    expect(pathsOf(exempt)).toEqual(['totalMinor']);
    expect(pathsOf({ ...exempt, exemptTaxRemovedMinor: 280 })).toEqual([]);
  });

  it('refuses tenders that do not cover the total, or give the wrong change', () => {
    expect(pathsOf(sampleSale({ tenders: cash(3000, 5000), changeMinor: 2000 }))).toEqual([
      'tenders',
    ]);
    expect(pathsOf(sampleSale({ tenders: cash(3659, 5000), changeMinor: 1000 }))).toEqual([
      'changeMinor',
    ]);
    // Cash rounding: the store kept 0.01 more than the total.
    expect(
      pathsOf(sampleSale({ tenders: cash(3660, 4000), changeMinor: 340, cashRoundingMinor: 1 })),
    ).toEqual([]);
  });

  it('refuses a counted line with a fractional quantity, and a line discount above its amount', () => {
    const [first, ...rest] = sampleSale().lines;
    if (!first) throw new Error('sample has lines');
    expect(pathsOf(sampleSale({ lines: [{ ...first, quantityMilli: 1500 }, ...rest] }))).toEqual([
      'lines[0].quantityMilli',
    ]);
    const overDiscounted = { ...first, discountMinor: 800, amountMinor: 0 };
    expect(
      pathsOf(sampleSale({ lines: [overDiscounted, ...rest], discountTotalMinor: 800 })),
    ).toContain('lines[0].discountMinor');
  });

  it('refuses an unknown currency, locale, time zone and instant', () => {
    expect(
      pathsOf(
        sampleSale({
          currency: 'XXX',
          locale: 'not a locale',
          timeZone: 'Mars/Olympus',
          issuedAt: 'yesterday',
        }),
      ),
    ).toEqual(['currency', 'locale', 'timeZone', 'issuedAt']);
  });

  it('refuses a receipt without lines', () => {
    expect(
      pathsOf(
        sampleSale({
          lines: [],
          subtotalMinor: 0,
          discountTotalMinor: 0,
          taxes: [],
          totalMinor: 0,
          tenders: [],
          changeMinor: 0,
        }),
      ),
    ).toEqual(['lines']);
  });
});

describe('assertValidReceipt', () => {
  it('throws one error naming the problems', () => {
    const receipt = sampleSale({ receiptNumber: '', changeMinor: 0 });
    expect(() => assertValidReceipt(receipt)).toThrowError(InvalidReceiptError);
    try {
      assertValidReceipt(receipt);
    } catch (error) {
      if (!(error instanceof InvalidReceiptError)) throw error;
      expect(error.code).toBe('receipt.invalid');
      expect(error.problems.map((problem) => problem.path)).toEqual([
        'receiptNumber',
        'changeMinor',
      ]);
      expect(error.message).toMatch(/^The receipt cannot be printed: receiptNumber: is empty/);
    }
  });
});

function cash(applied: number, tendered: number): Receipt['tenders'] {
  return [
    { kind: 'cash', label: 'Cash', amountMinor: applied, tenderedMinor: tendered, reference: null },
  ];
}
