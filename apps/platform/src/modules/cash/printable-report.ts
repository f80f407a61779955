import { type CashReport, type CashReportDenomination, rateLabel } from '@tillpoint/domain';
import type { PrintContext } from './print-queries.ts';
import type { XReportView, ZReportView } from './schemas.ts';

// The JSON report turned into the printable model: the same figures, untouched, plus names. The
// layout checks that they add up before anything is printed.

const TENDER_LABELS: Readonly<Record<string, string>> = {
  cash: 'Cash',
  card: 'Card',
  gift_card: 'Gift card',
  store_credit: 'Store credit',
  external: 'External terminal',
  other: 'Other',
  exchange: 'Exchange',
};

/** The closing count as lines, largest coin or note first; empty denominations left out. */
export function denominationLines(
  counts: Readonly<Record<string, number>>,
): CashReportDenomination[] {
  return Object.entries(counts)
    .map(([value, count]) => ({ valueMinor: Number(value), count }))
    .filter((line) => line.count > 0)
    .sort((a, b) => b.valueMinor - a.valueMinor);
}

export function toPrintableReport(
  view: XReportView | ZReportView,
  context: PrintContext,
): CashReport {
  const { drawer } = view;
  return {
    kind: view.kind,
    cashSessionId: view.cashSessionId,
    storeName: context.storeName,
    registerName: context.registerName,
    currency: view.currency,
    locale: context.locale,
    timeZone: context.timeZone,
    openedAt: view.openedAt,
    openedBy: context.openedBy,
    asOf: view.asOf,
    drawer: {
      openingFloatMinor: drawer.openingFloatMinor,
      cashSalesMinor: drawer.cashSalesMinor,
      cashRefundsMinor: drawer.cashRefundsMinor,
      payInsMinor: drawer.payInsMinor,
      payOutsMinor: drawer.payOutsMinor,
      expectedMinor: drawer.expectedMinor,
    },
    payInsCount: view.payIns.count,
    payOutsCount: view.payOuts.count,
    movements: context.movements,
    noSaleCount: view.noSaleCount,
    sales: { count: view.sales.count, totalMinor: view.sales.totalMinor },
    refunds: { count: view.refunds.count, totalMinor: view.refunds.totalMinor },
    netSalesMinor: view.netSalesMinor,
    voidsCount: view.voidsCount,
    openSalesCount: view.openSalesCount,
    parkedSalesCount: view.parkedSalesCount,
    tenders: view.tenders.map((tender) => ({
      ...tender,
      label: TENDER_LABELS[tender.kind] ?? tender.kind,
    })),
    taxes: view.taxes.map((tax) => ({
      name: context.taxRateNames.get(tax.rateId) ?? 'Tax',
      rateLabel: rateLabel(tax.ratePpm, context.locale),
      salesTaxableMinor: tax.salesTaxableMinor,
      salesTaxMinor: tax.salesTaxMinor,
      refundsTaxableMinor: tax.refundsTaxableMinor,
      refundsTaxMinor: tax.refundsTaxMinor,
      netTaxMinor: tax.netTaxMinor,
    })),
    closing:
      view.kind === 'z'
        ? {
            closedAt: view.closedAt ?? view.asOf,
            closedBy: context.closedBy,
            denominations: denominationLines(view.closingCount),
            countedMinor: view.countedMinor,
            expectedMinor: view.expectedMinor,
            overShortMinor: view.overShortMinor,
            note: view.closingNote,
            changedSinceClose: view.changedSinceClose,
          }
        : null,
  };
}
