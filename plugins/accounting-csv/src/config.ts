import type { LedgerAccount } from '@tillpoint/plugin-sdk';
import { type Static, Type } from 'typebox';

// How the tenant's accounting package wants its CSV: the chart-of-accounts codes our ledger
// accounts map to, and the separators and date order its importer expects.

/** A common small-business chart of accounts; every code can be overridden. */
export const DEFAULT_ACCOUNT_CODES = {
  cash_on_hand: '1000',
  card_clearing: '1010',
  external_terminal_clearing: '1020',
  other_tenders: '1030',
  tax_payable: '2200',
  gift_card_liability: '2300',
  store_credit_liability: '2310',
  sales_revenue: '4000',
  discounts: '4050',
  sales_returns: '4100',
  cash_over_short: '6900',
  cash_rounding: '6910',
} as const satisfies Record<LedgerAccount, string>;

export const LEDGER_ACCOUNTS = Object.keys(DEFAULT_ACCOUNT_CODES) as LedgerAccount[];

const code = (account: LedgerAccount) =>
  Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      pattern: '^[^\\r\\n]+$',
      default: DEFAULT_ACCOUNT_CODES[account],
    }),
  );

export const csvConfigSchema = Type.Object(
  {
    accountCodes: Type.Optional(
      Type.Object(
        {
          cash_on_hand: code('cash_on_hand'),
          card_clearing: code('card_clearing'),
          external_terminal_clearing: code('external_terminal_clearing'),
          other_tenders: code('other_tenders'),
          tax_payable: code('tax_payable'),
          gift_card_liability: code('gift_card_liability'),
          store_credit_liability: code('store_credit_liability'),
          sales_revenue: code('sales_revenue'),
          discounts: code('discounts'),
          sales_returns: code('sales_returns'),
          cash_over_short: code('cash_over_short'),
          cash_rounding: code('cash_rounding'),
        },
        {
          additionalProperties: false,
          description: 'Account code in your chart of accounts for each ledger account.',
        },
      ),
    ),
    delimiter: Type.Optional(
      Type.Union([Type.Literal(','), Type.Literal(';')], {
        description: 'Column separator (";" where the decimal separator is a comma).',
        default: ',',
      }),
    ),
    decimalSeparator: Type.Optional(
      Type.Union([Type.Literal('.'), Type.Literal(',')], { default: '.' }),
    ),
    dateFormat: Type.Optional(
      Type.Union(
        [Type.Literal('YYYY-MM-DD'), Type.Literal('DD/MM/YYYY'), Type.Literal('MM/DD/YYYY')],
        { default: 'YYYY-MM-DD' },
      ),
    ),
    includeHeader: Type.Optional(
      Type.Boolean({ description: 'First row names the columns.', default: true }),
    ),
    byteOrderMark: Type.Optional(
      Type.Boolean({
        description: 'Start the file with a UTF-8 byte order mark (Excel needs it for accents).',
        default: true,
      }),
    ),
  },
  { additionalProperties: false },
);

export type CsvConfig = Static<typeof csvConfigSchema>;

/** The configuration with every default filled in. */
export interface CsvSettings {
  readonly accountCodes: Readonly<Record<LedgerAccount, string>>;
  readonly delimiter: ',' | ';';
  readonly decimalSeparator: '.' | ',';
  readonly dateFormat: 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY';
  readonly includeHeader: boolean;
  readonly byteOrderMark: boolean;
}

export function csvSettings(config: CsvConfig): CsvSettings {
  return {
    accountCodes: { ...DEFAULT_ACCOUNT_CODES, ...stripUndefined(config.accountCodes ?? {}) },
    delimiter: config.delimiter ?? ',',
    decimalSeparator: config.decimalSeparator ?? '.',
    dateFormat: config.dateFormat ?? 'YYYY-MM-DD',
    includeHeader: config.includeHeader ?? true,
    byteOrderMark: config.byteOrderMark ?? true,
  };
}

function stripUndefined(codes: Readonly<Partial<Record<LedgerAccount, string>>>) {
  return Object.fromEntries(Object.entries(codes).filter(([, value]) => value !== undefined));
}
