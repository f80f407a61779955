// A cash report (X: the shift so far; Z: the shift at its close) as it is printed and stapled to
// the cash bag. Like the receipt model it carries finished figures only, in integer minor units
// exactly as the platform's report computed them; renderers lay them out and never compute
// money, so the paper shows what the JSON report and the books show.

export type CashReportKind = 'x' | 'z';

/** original: the report as produced; reprint: a marked duplicate. */
export type CashReportCopy = 'original' | 'reprint';

export interface CashReportDrawer {
  readonly openingFloatMinor: number;
  readonly cashSalesMinor: number;
  readonly cashRefundsMinor: number;
  readonly payInsMinor: number;
  readonly payOutsMinor: number;
  /** float + cash sales − cash refunds + pay-ins − pay-outs. */
  readonly expectedMinor: number;
}

/** A pay-in or pay-out with the reason the cashier gave. */
export interface CashReportMovement {
  readonly kind: 'pay_in' | 'pay_out';
  readonly amountMinor: number;
  readonly reason: string | null;
}

export interface CashReportTender {
  /** cash, card, gift_card, store_credit, external, other, exchange */
  readonly kind: string;
  /** As printed: "Cash", "Card", "Gift card". */
  readonly label: string;
  readonly salesCount: number;
  readonly salesMinor: number;
  readonly refundsCount: number;
  readonly refundsMinor: number;
  /** sales − refunds. */
  readonly netMinor: number;
}

/** Tax collected at one rate over the session (refunds give tax back). */
export interface CashReportTax {
  /** As printed: "State sales tax 8.25%". */
  readonly name: string;
  readonly rateLabel: string;
  readonly salesTaxableMinor: number;
  readonly salesTaxMinor: number;
  readonly refundsTaxableMinor: number;
  readonly refundsTaxMinor: number;
  /** sales tax − refunds tax. */
  readonly netTaxMinor: number;
}

/** One line of the closing count: `count` coins or notes of `valueMinor`. */
export interface CashReportDenomination {
  readonly valueMinor: number;
  readonly count: number;
}

/** What the Z report adds: the blind count and its reconciliation, fixed at close. */
export interface CashReportClosing {
  readonly closedAt: string;
  readonly closedBy: string | null;
  /** Largest first, as counted; their sum is countedMinor. */
  readonly denominations: readonly CashReportDenomination[];
  readonly countedMinor: number;
  /** What the drawer should have held at the close (fixed then). */
  readonly expectedMinor: number;
  /** counted − expected: positive over, negative short. */
  readonly overShortMinor: number;
  readonly note: string | null;
  /**
   * Documents behind the session changed after the close, so the drawer figures recomputed now
   * (drawer.expectedMinor) differ from the expected amount fixed at close.
   */
  readonly changedSinceClose: boolean;
}

export interface CashReport {
  readonly kind: CashReportKind;
  readonly cashSessionId: string;
  readonly storeName: string;
  readonly registerName: string;
  readonly currency: string;
  /** BCP 47 locale for dates and money, e.g. "en-US". */
  readonly locale: string;
  /** The store's IANA zone the instants are printed in. */
  readonly timeZone: string;
  readonly openedAt: string;
  readonly openedBy: string | null;
  /** End of the period the figures cover: now for an X report, the close for a Z report. */
  readonly asOf: string;
  readonly drawer: CashReportDrawer;
  readonly payInsCount: number;
  readonly payOutsCount: number;
  /** Every pay-in and pay-out with its reason, or null when only the totals are known. */
  readonly movements: readonly CashReportMovement[] | null;
  readonly noSaleCount: number;
  readonly sales: { readonly count: number; readonly totalMinor: number };
  readonly refunds: { readonly count: number; readonly totalMinor: number };
  /** sales total − refunds total. */
  readonly netSalesMinor: number;
  readonly voidsCount: number;
  readonly openSalesCount: number;
  readonly parkedSalesCount: number;
  readonly tenders: readonly CashReportTender[];
  /** Per tax rate, for the accountant's tax return; empty when no taxed sale or refund. */
  readonly taxes: readonly CashReportTax[];
  /** Present on a Z report, absent (null) on an X report. */
  readonly closing: CashReportClosing | null;
}
