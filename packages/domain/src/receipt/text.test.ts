import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidReceiptError } from './check.ts';
import { formatReceiptMoney } from './format.ts';
import { receiptLayout } from './layout.ts';
import type { Receipt } from './model.ts';
import { textWidth } from './printable.ts';
import { receiptArbitrary, sampleRefund, sampleSale } from './test-support.ts';
import { renderReceiptText } from './text.ts';

const COLUMNS = [32, 42, 48] as const;

function lines(text: string): string[] {
  return text.split('\n');
}

/** The printed line that starts with `label`, or an error naming what was printed. */
function row(text: string, label: string): string {
  const found = lines(text).find((line) => line.startsWith(label));
  if (found === undefined) throw new Error(`No line starts with ${label}:\n${text}`);
  return found;
}

/** Every money string the receipt could print, for "no prices" assertions. */
function amountsOf(receipt: Receipt): string[] {
  const money = (minor: number) => formatReceiptMoney(minor, receipt.currency, receipt.locale);
  const values = [
    receipt.subtotalMinor,
    receipt.discountTotalMinor,
    receipt.totalMinor,
    receipt.changeMinor,
    ...receipt.lines.flatMap((line) => [
      line.grossMinor,
      line.unitPriceMinor,
      line.discountMinor,
      line.amountMinor,
    ]),
    ...receipt.taxes.map((tax) => tax.taxMinor),
    ...receipt.tenders.flatMap((tender) => [tender.amountMinor, tender.tenderedMinor]),
  ];
  return values.filter((value) => value > 0).map(money);
}

describe('renderReceiptText', () => {
  it('prints the model totals, each on its own labelled line', () => {
    const receipt = sampleSale();
    const text = renderReceiptText(receipt, { columns: 42, copy: 'customer' });
    expect(row(text, 'Subtotal')).toMatch(/ \$34\.50$/);
    expect(row(text, 'Discounts')).toMatch(/ -\$0\.70$/);
    expect(row(text, 'State sales tax 8.25%')).toMatch(/ \$2\.79$/);
    expect(row(text, 'TOTAL')).toMatch(/ \$36\.59$/);
    expect(row(text, 'Visa •••• 4242')).toMatch(/ \$20\.00$/);
    expect(row(text, '  Ref. A1B2C3')).toBe('  Ref. A1B2C3');
    expect(row(text, 'Cash ')).toMatch(/ \$20\.00$/);
    expect(row(text, 'Change')).toMatch(/ \$3\.41$/);
    expect(row(text, 'Crème brûlée')).toMatch(/ \$7\.00$/);
    expect(row(text, '  2 x $3.50')).toBe('  2 x $3.50');
    expect(row(text, '  10% staff')).toMatch(/ -\$0\.70$/);
    expect(row(text, '  0.250 kg x $12.00/kg')).toBe('  0.250 kg x $12.00/kg');
    expect(row(text, 'Receipt')).toMatch(/ 0003-000123$/);
    expect(row(text, 'Date')).toMatch(/ Mar 1, 2025, 9:04 AM$/);
    expect(row(text, 'Customer')).toMatch(/ Alex Morgan$/);
    expect(text).toContain('Main Street Market');
    expect(text).toContain('0197a3c4-5e6f-7a8b-9c0d-112233445566');
    expect(text).not.toContain('REPRINT');
    expect(text).not.toContain('offline');
  });

  it('shows the figures the layout rows carry, equal to the model figures', () => {
    fc.assert(
      fc.property(receiptArbitrary, (receipt) => {
        const money = (minor: number) =>
          formatReceiptMoney(minor, receipt.currency, receipt.locale);
        const rows = receiptLayout(receipt, { columns: 48, copy: 'customer' }).flatMap((block) =>
          block.kind === 'row' ? [block] : [],
        );
        const amounts = (role: string) =>
          rows.filter((entry) => entry.role === role).map((entry) => entry.amount);
        expect(amounts('total')).toEqual([money(receipt.totalMinor)]);
        expect(amounts('subtotal')).toEqual([money(receipt.subtotalMinor)]);
        expect(amounts('item')).toEqual(receipt.lines.map((line) => money(line.grossMinor)));
        expect(amounts('tender')).toEqual(
          receipt.tenders.map((tender) => money(tender.tenderedMinor)),
        );
        const taxRole = receipt.taxIncluded ? 'tax-included' : 'tax';
        expect(amounts(taxRole)).toEqual(receipt.taxes.map((tax) => money(tax.taxMinor)));
        expect(amounts('change')).toEqual(
          receipt.changeMinor > 0 ? [money(receipt.changeMinor)] : [],
        );
      }),
      { numRuns: 150 },
    );
  });

  it('never prints a line wider than the paper, whatever the names', () => {
    fc.assert(
      fc.property(
        receiptArbitrary,
        fc.constantFrom(...COLUMNS),
        fc.constantFrom(
          'customer' as const,
          'gift' as const,
          'merchant' as const,
          'reprint' as const,
        ),
        (receipt, columns, copy) => {
          for (const line of lines(renderReceiptText(receipt, { columns, copy })))
            expect(textWidth(line)).toBeLessThanOrEqual(columns);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('wraps a long name under itself and keeps every word', () => {
    const text = renderReceiptText(sampleSale(), { columns: 32, copy: 'customer' });
    expect(row(text, 'Organic fair-trade')).toMatch(/ \$24\.50$/);
    const printed = lines(text).join(' ');
    for (const word of ['single-origin', 'Ethiopian', 'Yirgacheffe', 'whole', 'bag'])
      expect(printed).toContain(word);
  });

  it('formats amounts by the currency exponent: JPY without decimals, KWD with three', () => {
    const yen = renderReceiptText(scaled(sampleSale(), 'JPY', 1), {
      columns: 42,
      copy: 'customer',
    });
    expect(row(yen, 'TOTAL')).toMatch(/ ¥3,659$/);
    const dinar = renderReceiptText(scaled(sampleSale(), 'KWD', 10), {
      columns: 42,
      copy: 'customer',
    });
    expect(row(dinar, 'TOTAL')).toMatch(/ KWD 36\.590$/);
  });

  it('gift copy: marked, quantities kept, and not a single amount, total or tender', () => {
    const receipt = sampleSale();
    const text = renderReceiptText(receipt, { columns: 42, copy: 'gift' });
    expect(text).toContain('GIFT RECEIPT');
    expect(text).toContain('2 x Crème brûlée');
    expect(text).toContain('0.250 kg Honeycrisp apples');
    for (const amount of amountsOf(receipt)) expect(text).not.toContain(amount);
    expect(text).not.toContain('$');
    for (const word of ['TOTAL', 'Subtotal', 'Change', 'Visa', 'Cash ', 'tax', 'Alex Morgan'])
      expect(text).not.toContain(word);
  });

  it('gift copy never shows an amount, for any receipt', () => {
    fc.assert(
      fc.property(receiptArbitrary, (receipt) => {
        const text = renderReceiptText(receipt, { columns: 48, copy: 'gift' });
        // Amounts are matched as whole words: "€1.00" must not hide inside a product name.
        const rows = receiptLayout(receipt, { columns: 48, copy: 'gift' });
        for (const block of rows)
          if (block.kind === 'row' && block.role !== 'info') expect(block.amount).toBe('');
        expect(text).not.toMatch(/TOTAL|Subtotal|Change/);
      }),
      { numRuns: 100 },
    );
  });

  it('reprint and merchant copies are marked; merchant copies of card sales get a signature line', () => {
    const reprint = renderReceiptText(sampleSale(), { columns: 42, copy: 'reprint' });
    expect(lines(reprint)).toContain('             *** REPRINT ***');
    const merchant = renderReceiptText(sampleSale(), { columns: 42, copy: 'merchant' });
    expect(merchant).toContain('*** MERCHANT COPY ***');
    expect(merchant).toContain('Signature:');
    const cashOnly = sampleSale({
      tenders: [
        { kind: 'cash', label: 'Cash', amountMinor: 3659, tenderedMinor: 4000, reference: null },
      ],
    });
    expect(renderReceiptText(cashOnly, { columns: 42, copy: 'merchant' })).not.toContain(
      'Signature',
    );
  });

  it('refund: marked, with the original receipt number and a refund total', () => {
    const text = renderReceiptText(sampleRefund(), { columns: 42, copy: 'customer' });
    expect(text).toContain('*** REFUND ***');
    expect(row(text, 'Refund ')).toMatch(/ 0003-R00007$/);
    expect(row(text, 'Original receipt')).toMatch(/ 0003-000123$/);
    expect(row(text, 'REFUND TOTAL')).toMatch(/ \$3\.41$/);
  });

  it('tax-included prices: taxes shown as "incl." under the total, not added', () => {
    const receipt = sampleSale({
      taxIncluded: true,
      totalMinor: 3380,
      tenders: [
        { kind: 'card', label: 'Card', amountMinor: 3380, tenderedMinor: 3380, reference: null },
      ],
      changeMinor: 0,
    });
    const text = lines(renderReceiptText(receipt, { columns: 48, copy: 'customer' }));
    const total = text.findIndex((line) => line.startsWith('TOTAL'));
    expect(text[total]).toMatch(/ \$33\.80$/);
    expect(text[total + 1]).toMatch(/^ {2}incl\. State sales tax 8\.25% +\$2\.79$/);
    expect(text.some((line) => line.startsWith('State sales tax'))).toBe(false);
  });

  it('prints the cash rounding when there is one, signed, and the offline note', () => {
    const receipt = sampleSale({
      currency: 'CAD',
      locale: 'en-CA',
      tenders: [
        { kind: 'cash', label: 'Cash', amountMinor: 3660, tenderedMinor: 4000, reference: null },
      ],
      changeMinor: 340,
      cashRoundingMinor: 1,
      offline: true,
    });
    const text = renderReceiptText(receipt, { columns: 42, copy: 'customer' });
    expect(row(text, 'Cash rounding')).toMatch(/ \+\$0\.01$/);
    expect(text).toContain('Sold while the register was offline');
    expect(renderReceiptText(sampleSale(), { columns: 42, copy: 'customer' })).not.toContain(
      'rounding',
    );
  });

  it('prints the tax exemption of a tax-exempt inclusive sale', () => {
    const receipt = sampleSale({
      taxIncluded: true,
      taxes: [],
      exemptTaxRemovedMinor: 280,
      totalMinor: 3100,
      tenders: [
        { kind: 'card', label: 'Card', amountMinor: 3100, tenderedMinor: 3100, reference: null },
      ],
      changeMinor: 0,
    });
    const text = renderReceiptText(receipt, { columns: 42, copy: 'customer' });
    expect(row(text, 'Tax exemption')).toMatch(/ -\$2\.80$/);
    expect(row(text, 'TOTAL')).toMatch(/ \$31\.00$/);
  });

  it('strips control characters, so a name cannot carry printer commands', () => {
    const [first, ...rest] = sampleSale().lines;
    if (!first) throw new Error('sample has lines');
    const receipt = sampleSale({
      lines: [{ ...first, description: 'Tea\u001bp\u0000\u0019\u00fa\nbag\u200f' }, ...rest],
    });
    const text = renderReceiptText(receipt, { columns: 42, copy: 'customer' });
    expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(row(text, 'Teapú bag')).toMatch(/ \$7\.00$/);
  });

  it('refuses an invalid receipt with the list of problems', () => {
    expect(() =>
      renderReceiptText(sampleSale({ receiptNumber: '' }), { columns: 42, copy: 'customer' }),
    ).toThrowError(InvalidReceiptError);
  });
});

/** The sample's figures in another currency (multiplied so every identity still holds). */
function scaled(receipt: Receipt, currency: string, factor: number): Receipt {
  const times = (value: number) => value * factor;
  return {
    ...receipt,
    currency,
    lines: receipt.lines.map((line) => ({
      ...line,
      unitPriceMinor: times(line.unitPriceMinor),
      grossMinor: times(line.grossMinor),
      discountMinor: times(line.discountMinor),
      amountMinor: times(line.amountMinor),
    })),
    subtotalMinor: times(receipt.subtotalMinor),
    discountTotalMinor: times(receipt.discountTotalMinor),
    taxes: receipt.taxes.map((tax) => ({
      ...tax,
      taxableMinor: times(tax.taxableMinor),
      taxMinor: times(tax.taxMinor),
    })),
    totalMinor: times(receipt.totalMinor),
    tenders: receipt.tenders.map((tender) => ({
      ...tender,
      amountMinor: times(tender.amountMinor),
      tenderedMinor: times(tender.tenderedMinor),
    })),
    changeMinor: times(receipt.changeMinor),
  };
}
