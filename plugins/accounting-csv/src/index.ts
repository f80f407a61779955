import { type AccountingAdapter, definePlugin } from '@tillpoint/plugin-sdk';
import { csvConfigSchema, csvSettings } from './config.ts';
import { journalCsv } from './journal-file.ts';
import { assertDeliverable } from './validate.ts';

export type { CsvConfig, CsvSettings } from './config.ts';
export { csvConfigSchema, csvSettings, DEFAULT_ACCOUNT_CODES } from './config.ts';
export { CSV_HEADER, journalCsv } from './journal-file.ts';
export { type JournalProblem, journalProblems } from './validate.ts';

export const csvAccountingPlugin = definePlugin({
  key: 'accounting-csv',
  kind: 'accounting',
  version: '0.1.0',
  name: 'CSV journal export',
  description:
    'Balanced daily journals as CSV files for any accounting package: your account codes, ' +
    'separators and date order.',
  configSchema: csvConfigSchema,
  secretFields: [],
  create(_ctx, config): AccountingAdapter {
    const settings = csvSettings(config);
    return {
      async testConnection() {
        return {
          ok: true,
          message:
            `Journals are delivered as CSV files (separator "${settings.delimiter}", decimal ` +
            `"${settings.decimalSeparator}", dates ${settings.dateFormat}); there is nothing to connect to.`,
        };
      },
      async deliverJournal(entries) {
        assertDeliverable(entries);
        return journalCsv(entries, settings);
      },
    };
  },
});
