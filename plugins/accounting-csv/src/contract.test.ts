import type { LedgerAccount } from '@tillpoint/plugin-sdk';
import { testPluginContext } from '@tillpoint/plugin-sdk';
import { describeAccountingContract } from '@tillpoint/plugin-sdk/contracts';
import { type CsvConfig, csvAccountingPlugin, csvSettings } from './index.ts';
import { readBackCsv } from './testing/read-back.ts';

const configs: CsvConfig[] = [
  {},
  {
    delimiter: ';',
    decimalSeparator: ',',
    dateFormat: 'DD/MM/YYYY',
    includeHeader: false,
    byteOrderMark: false,
    accountCodes: { sales_revenue: '700000', tax_payable: '445710', cash_on_hand: '-530' },
  },
  { decimalSeparator: ',', dateFormat: 'MM/DD/YYYY' },
];

for (const config of configs) {
  const settings = csvSettings(config);
  describeAccountingContract(`accounting-csv ${JSON.stringify(config)}`, async () => ({
    plugin: csvAccountingPlugin,
    config,
    context: testPluginContext(),
    readBack: async (delivery) => readBackCsv(delivery, settings),
    accountFor: (account: LedgerAccount) => settings.accountCodes[account],
  }));
}
