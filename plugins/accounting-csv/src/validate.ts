import { getCurrency, isPricingError } from '@tillpoint/domain';
import { type JournalEntry, PLUGIN_ERROR_CODES, PluginError } from '@tillpoint/plugin-sdk';
import { LEDGER_ACCOUNTS } from './config.ts';

// The whole delivery is checked before a byte is written: an accountant importing half a file,
// or a file with one unbalanced entry, has a worse problem than no file at all.

export interface JournalProblem {
  readonly entryId: string;
  readonly message: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return date.toISOString().slice(0, 10) === text;
}

function isMinor(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function journalProblems(entries: readonly JournalEntry[]): JournalProblem[] {
  const problems: JournalProblem[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const entryId = typeof entry.id === 'string' ? entry.id : String(entry.id);
    const report = (message: string) => problems.push({ entryId, message });
    if (entryId.trim() === '') report('the entry has no id');
    else if (seen.has(entryId)) report('the entry appears twice in one delivery');
    seen.add(entryId);
    if (!isRealDate(entry.date)) report(`date ${JSON.stringify(entry.date)} is not YYYY-MM-DD`);
    try {
      getCurrency(entry.currency);
    } catch (error) {
      if (!isPricingError(error)) throw error;
      report(`currency ${JSON.stringify(entry.currency)} is not supported`);
    }
    if (entry.lines.length === 0) report('the entry has no lines');
    let debits = 0n;
    let credits = 0n;
    let amountsOk = true;
    entry.lines.forEach((line, index) => {
      if (!LEDGER_ACCOUNTS.includes(line.account))
        report(`line ${index + 1}: unknown account ${JSON.stringify(line.account)}`);
      if (!isMinor(line.debitMinor) || !isMinor(line.creditMinor)) {
        report(`line ${index + 1}: debit and credit must be whole, non-negative minor units`);
        amountsOk = false;
        return;
      }
      if (line.debitMinor > 0 && line.creditMinor > 0)
        report(`line ${index + 1}: a line is either a debit or a credit, not both`);
      debits += BigInt(line.debitMinor);
      credits += BigInt(line.creditMinor);
    });
    if (amountsOk && debits !== credits)
      report(`debits (${debits}) and credits (${credits}) differ by ${debits - credits}`);
  }
  return problems;
}

/** Throws PluginError document.invalid naming every problem, so nothing is delivered. */
export function assertDeliverable(entries: readonly JournalEntry[]): void {
  const problems = journalProblems(entries);
  if (problems.length === 0) return;
  const shown = problems.slice(0, 5).map((problem) => `${problem.entryId}: ${problem.message}`);
  throw new PluginError(
    PLUGIN_ERROR_CODES.invalidDocument,
    `The journal was not delivered: ${shown.join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}.`,
    { details: { problems } },
  );
}
