import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AccountingAdapter,
  AccountingDelivery,
  JournalEntry,
  LedgerAccount,
} from '../accounting.ts';
import type { PluginContext } from '../context.ts';
import type { Plugin } from '../define.ts';
import { isPluginError, PLUGIN_ERROR_CODES } from '../errors.ts';
import { sampleJournal, unbalancedJournalEntry } from './sample-journal.ts';

// What every accounting plugin promises: the books arrive exactly as the platform balanced them
// (to the minor unit, whatever the currency exponent), nothing unbalanced ever arrives, and a
// delivery repeated after a timeout or a crash posts nothing twice.

/** One entry as the vendor (or the file) holds it, read back by the plugin's own test. */
export interface ReadBackEntry {
  readonly id: string;
  readonly date: string;
  readonly currency: string;
  readonly lines: readonly {
    /** The vendor's account (a code for files, an id for pushed entries). */
    readonly account: string;
    readonly debitMinor: number;
    readonly creditMinor: number;
  }[];
}

export interface AccountingContractSetup {
  readonly plugin: Plugin<'accounting'>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly context: PluginContext;
  /** The entries a delivery carried: the file's rows parsed, or those entries at the (fake) vendor. */
  readBack(delivery: AccountingDelivery): Promise<readonly ReadBackEntry[]>;
  /** The vendor account our ledger account maps to under `config`; checked when given. */
  accountFor?(account: LedgerAccount): string;
  /** Ids of every entry the vendor holds now (pushed plugins), to prove a refusal wrote nothing. */
  deliveredEntryIds?(): Promise<readonly string[]>;
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

export function describeAccountingContract(
  name: string,
  setup: () => Promise<AccountingContractSetup>,
): void {
  describe(`accounting contract: ${name}`, () => {
    let subject: AccountingContractSetup;
    let adapter: AccountingAdapter;

    beforeAll(async () => {
      subject = await setup();
      adapter = subject.plugin.create(subject.context, subject.config);
    });

    const expectSameEntries = (read: readonly ReadBackEntry[], sent: readonly JournalEntry[]) => {
      expect(read.map((entry) => entry.id).sort()).toEqual(sent.map((entry) => entry.id).sort());
      for (const entry of sent) {
        const back = read.find((candidate) => candidate.id === entry.id);
        expect(back?.date).toBe(entry.date);
        expect(back?.currency).toBe(entry.currency);
        expect(back?.lines.map((line) => [line.debitMinor, line.creditMinor])).toEqual(
          entry.lines.map((line) => [line.debitMinor, line.creditMinor]),
        );
        const { accountFor } = subject;
        if (accountFor)
          expect(back?.lines.map((line) => line.account)).toEqual(
            entry.lines.map((line) => accountFor(line.account)),
          );
      }
    };

    const expectNothingDelivered = async (before: readonly string[] | null) => {
      if (!subject.deliveredEntryIds || before === null) return;
      expect(await subject.deliveredEntryIds()).toEqual(before);
    };

    it('is an accounting plugin whose configuration passes its own schema', () => {
      const { plugin, config } = subject;
      expect(plugin.kind).toBe('accounting');
      expect(plugin.key.startsWith('accounting-')).toBe(true);
      expect(Value.Check(plugin.configSchema, config)).toBe(true);
    });

    it('delivers balanced entries that read back equal, to the minor unit', async () => {
      const journal = sampleJournal();
      const delivery = await adapter.deliverJournal(journal);
      expectSameEntries(await subject.readBack(delivery), journal);
      if (delivery.kind === 'pushed') {
        expect(delivery.results.map((result) => result.entryId).sort()).toEqual(
          journal.map((entry) => entry.id).sort(),
        );
      }
    });

    it('refuses an unbalanced entry with document.invalid and delivers nothing', async () => {
      const before = subject.deliveredEntryIds ? await subject.deliveredEntryIds() : null;
      const fresh = { ...unbalancedJournalEntry(), id: '0197a3c4-00fe-7000-8000-0000000000fe' };
      const [, sample] = sampleJournal();
      if (!sample) throw new Error('the sample journal has entries');
      const balanced = { ...sample, id: '0197a3c4-00fd-7000-8000-0000000000fd' };
      const error = await refusal(
        adapter.deliverJournal([balanced, fresh, unbalancedJournalEntry()]),
      );
      expect(isPluginError(error)).toBe(true);
      if (isPluginError(error)) expect(error.code).toBe(PLUGIN_ERROR_CODES.invalidDocument);
      await expectNothingDelivered(before);
    });

    it('refuses amounts that are not whole, non-negative minor units', async () => {
      const before = subject.deliveredEntryIds ? await subject.deliveredEntryIds() : null;
      const [entry] = sampleJournal();
      if (!entry) throw new Error('the sample journal has entries');
      for (const bad of [
        {
          ...entry,
          lines: entry.lines.map((line, i) =>
            i === 0 ? { ...line, debitMinor: 10824.5, creditMinor: -0.5 } : line,
          ),
        },
        {
          ...entry,
          lines: entry.lines.map((line, i) => (i === 0 ? { ...line, debitMinor: -10825 } : line)),
        },
      ]) {
        const error = await refusal(adapter.deliverJournal([bad]));
        expect(isPluginError(error) && error.code).toBe(PLUGIN_ERROR_CODES.invalidDocument);
      }
      await expectNothingDelivered(before);
    });

    it('delivering the same entries twice posts nothing twice', async () => {
      const journal = sampleJournal();
      const first = await adapter.deliverJournal(journal);
      const second = await adapter.deliverJournal(journal);
      expect(second.kind).toBe(first.kind);
      if (first.kind === 'file' && second.kind === 'file') {
        expect(second.filename).toBe(first.filename);
        expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      }
      if (first.kind === 'pushed' && second.kind === 'pushed') {
        expect(second.results.map((result) => result.outcome)).toEqual(
          journal.map(() => 'existing'),
        );
        const ids = (delivery: typeof first) =>
          delivery.results.map((result) => [result.entryId, result.externalId]).sort();
        expect(ids(second)).toEqual(ids(first));
      }
      expectSameEntries(await subject.readBack(second), journal);
    });

    it('handles an empty list', async () => {
      const delivery = await adapter.deliverJournal([]);
      if (delivery.kind === 'pushed') expect(delivery.results).toEqual([]);
      expect(await subject.readBack(delivery)).toEqual([]);
    });

    it('answers a connection check', async () => {
      const check = await adapter.testConnection();
      expect(typeof check.ok).toBe('boolean');
      expect(check.message.length).toBeGreaterThan(0);
    });
  });
}
