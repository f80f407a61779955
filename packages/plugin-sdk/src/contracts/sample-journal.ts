import type { JournalEntry, JournalLine, LedgerAccount } from '../accounting.ts';

// Journals every accounting plugin must deliver exactly: three currency exponents (USD 2, JPY 0,
// KWD 3), store names and descriptions with delimiters, quotes and spreadsheet formulas, a
// refund day with cash over/short, and an amount no float can carry to the cent.

const STORE = '00000000-0000-7000-8000-000000000002';

function line(
  account: LedgerAccount,
  debitMinor: number,
  creditMinor: number,
  description: string,
  taxRateId: string | null = null,
): JournalLine {
  return { account, taxRateId, debitMinor, creditMinor, description };
}

export function sampleJournal(): JournalEntry[] {
  return [
    {
      id: '0197a3c4-0001-7000-8000-000000000001',
      date: '2025-03-01',
      storeId: STORE,
      storeName: 'Main Street, Unit 4',
      currency: 'USD',
      memo: 'Sales 2025-03-01',
      lines: [
        line('cash_on_hand', 10825, 0, 'Cash sales'),
        line('card_clearing', 25040, 0, 'Card sales; "Visa" and Mastercard'),
        line('discounts', 700, 0, '-10% staff discounts'),
        line('sales_revenue', 0, 33840, 'Sales, taxable'),
        line('tax_payable', 0, 2723, 'State sales tax 8.25%', 'rate-state'),
        line('cash_rounding', 0, 2, '=SUM(A1:A9) rounding'),
      ],
    },
    {
      id: '0197a3c4-0002-7000-8000-000000000002',
      date: '2025-03-02',
      storeId: STORE,
      storeName: 'Ginza',
      currency: 'JPY',
      memo: 'Sales 2025-03-02',
      lines: [
        line('cash_on_hand', 15400, 0, '現金売上'),
        line('sales_revenue', 0, 14000, 'Sales'),
        line('tax_payable', 0, 1400, 'Consumption tax 10%', 'rate-jp'),
      ],
    },
    {
      id: '0197a3c4-0003-7000-8000-000000000003',
      date: '2025-03-03',
      storeId: STORE,
      storeName: 'Avenues Mall',
      currency: 'KWD',
      memo: 'Sales 2025-03-03',
      lines: [
        line('card_clearing', 12345, 0, 'Card sales'),
        line('sales_revenue', 0, 11757, 'Sales'),
        line('tax_payable', 0, 588, 'VAT 5%', 'rate-kw'),
      ],
    },
    {
      id: '0197a3c4-0004-7000-8000-000000000004',
      date: '2025-03-03',
      storeId: STORE,
      storeName: 'Main Street, Unit 4',
      currency: 'USD',
      memo: 'Refunds and cash count 2025-03-03',
      lines: [
        line('sales_returns', 1500, 0, 'Returns'),
        line('tax_payable', 124, 0, 'State sales tax 8.25% returned', 'rate-state'),
        line('cash_on_hand', 0, 1624, 'Cash refunds'),
        line('cash_over_short', 5, 0, '@drawer short'),
        line('cash_on_hand', 0, 5, '+ counted short'),
      ],
    },
    {
      id: '0197a3c4-0005-7000-8000-000000000005',
      date: '2025-03-04',
      storeId: STORE,
      storeName: 'Main Street, Unit 4',
      currency: 'USD',
      memo: 'Corporate gift card issue',
      lines: [
        line('cash_on_hand', Number.MAX_SAFE_INTEGER, 0, 'Gift cards sold'),
        line('gift_card_liability', 0, Number.MAX_SAFE_INTEGER, 'Gift cards issued'),
      ],
    },
  ];
}

/** An entry whose debits exceed its credits by one minor unit. */
export function unbalancedJournalEntry(): JournalEntry {
  return {
    id: '0197a3c4-00ff-7000-8000-0000000000ff',
    date: '2025-03-05',
    storeId: STORE,
    storeName: 'Main Street, Unit 4',
    currency: 'USD',
    memo: 'Does not balance',
    lines: [line('cash_on_hand', 1001, 0, 'Cash sales'), line('sales_revenue', 0, 1000, 'Sales')],
  };
}
