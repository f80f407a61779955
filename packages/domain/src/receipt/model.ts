// One receipt model for every output: ESC/POS on 58/80 mm paper, plain text, and HTML for email
// and browser reprints. It carries finished figures only (integer minor units as the sale stored
// them); renderers lay them out and never compute money, so every copy shows the same totals as
// the server, the register and the ledger.

export type ReceiptDocumentKind = 'sale' | 'refund';

/** customer: the normal copy; merchant: signature copy; gift: no prices; reprint: marked copy. */
export type ReceiptCopy = 'customer' | 'merchant' | 'gift' | 'reprint';

export interface ReceiptStore {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly phone: string | null;
  /** VAT/GST/sales-tax registration shown on the receipt where the law asks for it. */
  readonly taxNumber: string | null;
}

export interface ReceiptLine {
  readonly description: string;
  readonly sku: string | null;
  /** 'each' quantities are whole numbers; 'weight' quantities are kilograms with 3 decimals. */
  readonly unit: 'each' | 'weight';
  /** Thousandths of the unit (1 each = 1000; 0.250 kg = 250). */
  readonly quantityMilli: number;
  readonly unitPriceMinor: number;
  /** unit price x quantity before any discount. */
  readonly grossMinor: number;
  /** Line discount plus this line's share of order discounts. */
  readonly discountMinor: number;
  /** What the customer pays for this line, tax included when prices include tax. */
  readonly amountMinor: number;
  /** Short description of the discount when there is one ("10% staff"). */
  readonly discountLabel: string | null;
}

export interface ReceiptTax {
  /** e.g. "State sales tax" */
  readonly name: string;
  /** Rate as printed, e.g. "8.25%". */
  readonly rateLabel: string;
  readonly taxableMinor: number;
  readonly taxMinor: number;
}

export interface ReceiptTender {
  /** cash, card, gift_card, store_credit, external, other, exchange */
  readonly kind: string;
  /** "Cash", "Visa •••• 4242", "Gift card •••• 1234" */
  readonly label: string;
  /** What the store kept from this tender (refunds: what went back). */
  readonly amountMinor: number;
  /** What the customer handed over (cash can be more than applied). */
  readonly tenderedMinor: number;
  /** Approval or authorisation code to print, when the tender has one. */
  readonly reference: string | null;
}

export interface Receipt {
  readonly kind: ReceiptDocumentKind;
  /** Sale or refund id; printed as a QR or barcode so a return can scan it. */
  readonly documentId: string;
  /** Human receipt number as the register showed it, e.g. "0003-000123". */
  readonly receiptNumber: string;
  /** For refunds: the original sale's receipt number. */
  readonly originalReceiptNumber: string | null;
  readonly currency: string;
  /** BCP 47 locale for dates and money, e.g. "en-US". */
  readonly locale: string;
  /** ISO 8601 instant and the store's IANA zone to print it in. */
  readonly issuedAt: string;
  readonly timeZone: string;
  readonly store: ReceiptStore;
  readonly registerName: string;
  readonly cashierName: string | null;
  readonly customerName: string | null;
  readonly lines: readonly ReceiptLine[];
  /** Sum of the lines' gross amounts. */
  readonly subtotalMinor: number;
  readonly discountTotalMinor: number;
  /** true: prices include tax and taxes are shown "of which"; false: taxes are added. */
  readonly taxIncluded: boolean;
  readonly taxes: readonly ReceiptTax[];
  readonly totalMinor: number;
  readonly tenders: readonly ReceiptTender[];
  readonly changeMinor: number;
  /** Cash rounding applied to the amount due (positive: the customer paid more). */
  readonly cashRoundingMinor: number;
  /**
   * Tax taken out of tax-inclusive prices because the sale was tax exempt (the customer pays
   * the net). Absent or 0 otherwise; with it, inclusive totals are subtotal − discounts − this.
   */
  readonly exemptTaxRemovedMinor?: number;
  /** Sold while the register was offline (shown so staff know why numbers may look late). */
  readonly offline: boolean;
  readonly headerLines: readonly string[];
  readonly footerLines: readonly string[];
}
