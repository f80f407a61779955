import type { AccountingDelivery, JournalEntry } from '@tillpoint/plugin-sdk';
import { escapeCell, formatAmount, formatDate } from './cells.ts';
import type { CsvSettings } from './config.ts';

// One row per journal line. The file is a pure function of the entries and the settings, so a
// delivery repeated after a timeout is byte for byte the same file, and re-importing it is as
// safe as the accountant's importer makes duplicate entry ids.

export const CSV_HEADER = [
  'Date',
  'Entry ID',
  'Store',
  'Account',
  'Description',
  'Debit',
  'Credit',
  'Currency',
] as const;

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
const NEWLINE = '\r\n';

export function journalCsv(
  entries: readonly JournalEntry[],
  settings: CsvSettings,
): Extract<AccountingDelivery, { kind: 'file' }> {
  // Stable sort: entries of one day keep the order they were given in.
  const ordered = [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const rows: string[][] = settings.includeHeader ? [[...CSV_HEADER]] : [];
  for (const entry of ordered) {
    for (const line of entry.lines) {
      rows.push([
        formatDate(entry.date, settings.dateFormat),
        entry.id,
        entry.storeName,
        settings.accountCodes[line.account],
        line.description,
        formatAmount(line.debitMinor, entry.currency, settings),
        formatAmount(line.creditMinor, entry.currency, settings),
        entry.currency,
      ]);
    }
  }
  const text = rows
    .map((row) => row.map((cell) => escapeCell(cell, settings.delimiter)).join(settings.delimiter))
    .map((row) => row + NEWLINE)
    .join('');
  const body = new TextEncoder().encode(text);
  const bytes = settings.byteOrderMark ? concat(BOM, body) : body;
  const first = ordered[0]?.date;
  const last = ordered.at(-1)?.date;
  return {
    kind: 'file',
    filename: first && last ? `journal-${first}-${last}.csv` : 'journal-empty.csv',
    contentType: 'text/csv; charset=utf-8',
    bytes,
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
