import type { ConnectionCheck } from './common.ts';

// The ledger the accountant receives: balanced journal entries (debits = credits per entry)
// per store and business day. Accounts are our names; each plugin maps them to the tenant's
// chart of accounts through its configuration.

export type LedgerAccount =
  | 'sales_revenue'
  | 'discounts'
  | 'sales_returns'
  | 'tax_payable'
  | 'cash_on_hand'
  | 'card_clearing'
  | 'external_terminal_clearing'
  | 'other_tenders'
  | 'gift_card_liability'
  | 'store_credit_liability'
  | 'cash_over_short'
  | 'cash_rounding';

export interface JournalLine {
  readonly account: LedgerAccount;
  /** Tax rate id when account is tax_payable (one line per rate). */
  readonly taxRateId: string | null;
  readonly debitMinor: number;
  readonly creditMinor: number;
  readonly description: string;
}

export interface JournalEntry {
  /** Stable id: re-sending an entry must not post it twice. */
  readonly id: string;
  /** Business day in the store's time zone, YYYY-MM-DD. */
  readonly date: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly currency: string;
  readonly memo: string;
  readonly lines: readonly JournalLine[];
}

export type AccountingDelivery =
  | {
      readonly kind: 'file';
      readonly filename: string;
      readonly contentType: string;
      readonly bytes: Uint8Array;
    }
  | {
      readonly kind: 'pushed';
      readonly results: readonly {
        readonly entryId: string;
        readonly externalId: string;
        /** created: new at the vendor; existing: it was there already (replay). */
        readonly outcome: 'created' | 'existing';
      }[];
    };

export interface AccountingAdapter {
  testConnection(): Promise<ConnectionCheck>;
  /** Delivers entries; refuses (document.invalid) any entry whose debits and credits differ. */
  deliverJournal(entries: readonly JournalEntry[]): Promise<AccountingDelivery>;
}
