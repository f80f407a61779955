import {
  isPluginError,
  type JournalEntry,
  type LedgerAccount,
  testPluginContext,
} from '@tillpoint/plugin-sdk';
import { sampleJournal, unbalancedJournalEntry } from '@tillpoint/plugin-sdk/contracts';
import { parse } from 'csv-parse/sync';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { type CsvConfig, csvAccountingPlugin, csvSettings } from './index.ts';
import { parseJournalCsv } from './testing/read-back.ts';

async function deliver(entries: readonly JournalEntry[], config: CsvConfig = {}) {
  const delivery = await csvAccountingPlugin
    .create(testPluginContext(), config)
    .deliverJournal(entries);
  if (delivery.kind !== 'file') throw new Error('expected a file');
  return delivery;
}

const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

const entry = (overrides: Partial<JournalEntry> = {}): JournalEntry => ({
  id: 'e-1',
  date: '2025-03-01',
  storeId: 's-1',
  storeName: 'Main Street',
  currency: 'USD',
  memo: 'Sales',
  lines: [
    {
      account: 'cash_on_hand',
      taxRateId: null,
      debitMinor: 1082,
      creditMinor: 0,
      description: 'Cash',
    },
    {
      account: 'sales_revenue',
      taxRateId: null,
      debitMinor: 0,
      creditMinor: 1000,
      description: 'Sales',
    },
    {
      account: 'tax_payable',
      taxRateId: 't-1',
      debitMinor: 0,
      creditMinor: 82,
      description: 'Tax',
    },
  ],
  ...overrides,
});

/** Not a ledger account: what a caller outside the type system could still send. */
const unknownAccount = 'petty_cash' as LedgerAccount;

async function refusal(entries: readonly JournalEntry[]): Promise<string> {
  try {
    await deliver(entries);
  } catch (error) {
    if (isPluginError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('CSV journal file', () => {
  it('writes one row per line with a header, a BOM and CRLF line ends', async () => {
    const file = await deliver([entry()]);
    expect(file.filename).toBe('journal-2025-03-01-2025-03-01.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(Array.from(file.bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(file.bytes.slice(3))).toBe(
      'Date,Entry ID,Store,Account,Description,Debit,Credit,Currency\r\n' +
        '2025-03-01,e-1,Main Street,1000,Cash,10.82,0.00,USD\r\n' +
        '2025-03-01,e-1,Main Street,4000,Sales,0.00,10.00,USD\r\n' +
        '2025-03-01,e-1,Main Street,2200,Tax,0.00,0.82,USD\r\n',
    );
  });

  it('formats amounts by the currency exponent, exactly, with either decimal separator', async () => {
    const journal = sampleJournal();
    const rows = parse(
      text((await deliver(journal, { byteOrderMark: false })).bytes),
      {},
    ) as string[][];
    const amounts = (currency: string) =>
      rows.filter((row) => row[7] === currency).map((row) => [row[5], row[6]]);
    expect(amounts('JPY')).toEqual([
      ['15400', '0'],
      ['0', '14000'],
      ['0', '1400'],
    ]);
    expect(amounts('KWD')).toEqual([
      ['12.345', '0.000'],
      ['0.000', '11.757'],
      ['0.000', '0.588'],
    ]);
    expect(amounts('USD')).toContainEqual(['90071992547409.91', '0.00']);
    const comma = text((await deliver(journal, { decimalSeparator: ',', delimiter: ';' })).bytes);
    expect(comma).toContain(';12,345;0,000;KWD\r\n');
    expect(comma).toContain(';90071992547409,91;0,00;USD\r\n');
  });

  it('guards every cell a spreadsheet would run as a formula, and reads back the text', async () => {
    const risky = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2', '@SUM(A1)', '\tcmd'];
    const entries = risky.map((description, index) =>
      entry({
        id: `e-${index}`,
        storeName: index === 0 ? '=cmd|"/c calc"!A1' : 'Main Street',
        lines: [
          { account: 'cash_on_hand', taxRateId: null, debitMinor: 5, creditMinor: 0, description },
          {
            account: 'sales_revenue',
            taxRateId: null,
            debitMinor: 0,
            creditMinor: 5,
            description: 'ok',
          },
        ],
      }),
    );
    const file = await deliver(entries);
    const cells = (parse(Buffer.from(file.bytes), { bom: true }) as string[][]).flat();
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const rows = parseJournalCsv(file.bytes, csvSettings({}));
    expect(rows.filter((row) => row.account === '1000').map((row) => row.description)).toEqual(
      risky,
    );
    expect(rows[0]?.store).toBe('=cmd|"/c calc"!A1');
  });

  it('quotes cells holding the delimiter, quotes or line breaks', async () => {
    const description = 'Card sales; "Visa", Mastercard\nand Amex';
    const lines = entry().lines.map((line, index) =>
      index === 0 ? { ...line, description } : line,
    );
    for (const delimiter of [',', ';'] as const) {
      const file = await deliver([entry({ lines, storeName: 'Main Street, Unit 4' })], {
        delimiter,
      });
      const rows = parseJournalCsv(file.bytes, csvSettings({ delimiter }));
      expect(rows[0]?.description).toBe(description);
      expect(rows[0]?.store).toBe('Main Street, Unit 4');
    }
  });

  it('writes dates in the configured order and names the file after the first and last day', async () => {
    const [first, second, third] = sampleJournal();
    if (!first || !second || !third) throw new Error('sample');
    const file = await deliver([third, first, second], {
      dateFormat: 'DD/MM/YYYY',
      includeHeader: false,
    });
    expect(file.filename).toBe('journal-2025-03-01-2025-03-03.csv');
    const dates = (parse(Buffer.from(file.bytes), { bom: true }) as string[][]).map(
      (row) => row[0],
    );
    expect([...new Set(dates)]).toEqual(['01/03/2025', '02/03/2025', '03/03/2025']);
    const us = await deliver([first], { dateFormat: 'MM/DD/YYYY', includeHeader: false });
    expect(text(us.bytes)).toMatch(/^\uFEFF03\/01\/2025,/);
  });

  it('maps accounts to the configured codes, the rest to the defaults', async () => {
    const file = await deliver([entry()], {
      accountCodes: { sales_revenue: '700000' },
      byteOrderMark: false,
    });
    const rows = parseJournalCsv(file.bytes, csvSettings({ byteOrderMark: false }));
    expect(rows.map((row) => row.account)).toEqual(['1000', '700000', '2200']);
  });

  it('an empty list is a file with the header only', async () => {
    const file = await deliver([]);
    expect(file.filename).toBe('journal-empty.csv');
    expect(text(file.bytes)).toBe(
      '\uFEFFDate,Entry ID,Store,Account,Description,Debit,Credit,Currency\r\n',
    );
  });
});

describe('refusals (nothing delivered)', () => {
  it('an unbalanced entry, naming it and the difference', async () => {
    expect(await refusal([entry(), unbalancedJournalEntry()])).toBe(
      'document.invalid: The journal was not delivered: 0197a3c4-00ff-7000-8000-0000000000ff: ' +
        'debits (1001) and credits (1000) differ by 1.',
    );
  });

  it('impossible entries: duplicate ids, unknown account, impossible date, unknown currency, two-sided line', async () => {
    const twoSided = entry({
      id: 'e-5',
      lines: [
        {
          account: 'cash_on_hand',
          taxRateId: null,
          debitMinor: 5,
          creditMinor: 5,
          description: 'x',
        },
      ],
    });
    const message = await refusal([
      entry(),
      entry(),
      entry({
        id: 'e-2',
        lines: entry().lines.map((line, index) =>
          index === 0 ? { ...line, account: unknownAccount } : line,
        ),
      }),
      entry({ id: 'e-3', date: '2025-02-30' }),
      entry({ id: 'e-4', currency: 'XXX' }),
      twoSided,
    ]);
    expect(message).toContain('e-1: the entry appears twice in one delivery');
    expect(message).toContain('e-2: line 1: unknown account "petty_cash"');
    expect(message).toContain('e-3: date "2025-02-30" is not YYYY-MM-DD');
    expect(message).toContain('e-4: currency "XXX" is not supported');
    expect(message).toContain('e-5: line 1: a line is either a debit or a credit, not both');
  });
});

describe('configuration', () => {
  it('accepts only the supported formats and single-line account codes', () => {
    const ok = (config: unknown) => Value.Check(csvAccountingPlugin.configSchema, config);
    expect(ok({})).toBe(true);
    expect(ok({ delimiter: ';', decimalSeparator: ',', dateFormat: 'DD/MM/YYYY' })).toBe(true);
    expect(ok({ delimiter: '|' })).toBe(false);
    expect(ok({ dateFormat: 'DD.MM.YYYY' })).toBe(false);
    expect(ok({ accountCodes: { sales_revenue: '4000\n=cmd' } })).toBe(false);
    expect(ok({ accountCodes: { petty_cash: '1050' } })).toBe(false);
    expect(csvAccountingPlugin.secretFields).toEqual([]);
  });
});
