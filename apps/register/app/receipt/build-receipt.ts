import {
  discountLabel,
  formatReceiptNumber,
  type Receipt,
  type ReceiptLine,
  type ReceiptTender,
  rateLabel,
  tenderLabel,
  tenderReference,
} from '@tillpoint/domain';
import type { Cart, CartLine } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { type CartTotals, settlePayments } from '../sale/totals.ts';
import type { CompletedSale } from '../ui/receipt-model.ts';
import { tenderFactsOf } from './labels.ts';
import type { ReceiptProfile } from './profile.ts';

// The Receipt of a sale this register completed, built from what it holds: the cart, the money
// engine's figures for it (the very figures the server stores when the sale arrives) and the
// cached receipt profile. Built the way the platform builds it from the database
// (apps/platform/src/modules/receipts/build-receipt.ts), so both print the same receipt; the
// one difference is the receipt number, which the server gives on sync.

/** Until the server has numbered the sale: honest, and unique through the document id's tail. */
export function provisionalReceiptNumber(documentId: string): string {
  return `PENDING-${documentId.replaceAll('-', '').slice(-8).toUpperCase()}`;
}

export interface LocalReceiptInput {
  readonly sale: Pick<
    CompletedSale,
    'saleId' | 'cart' | 'totals' | 'context' | 'payments' | 'offline' | 'completedAt'
  >;
  readonly profile: ReceiptProfile;
  /** The server's number once known (a sale completed online, or synced). */
  readonly receiptNumber: number | null;
  /** Who took the money: the cashier signed in on this register. */
  readonly cashierName: string | null;
}

function receiptLines(
  cart: Cart,
  totals: CartTotals,
  context: SaleContext,
  locale: string,
): ReceiptLine[] {
  const taxIncluded = context.taxMode === 'inclusive';
  const byId = new Map<string, CartLine>(cart.lines.map((line) => [line.id, line]));
  return totals.lines.map((priced): ReceiptLine => {
    const line = byId.get(priced.id);
    if (!line) throw new Error(`the cart has no line ${priced.id}`);
    const exemptTaxMinor = taxIncluded ? priced.exemptTaxRemovedMinor : 0;
    return {
      description: line.variant.name,
      sku: line.variant.sku,
      unit: line.variant.unit,
      quantityMilli: priced.quantityMilli,
      unitPriceMinor: priced.unitPriceMinor,
      grossMinor: priced.grossMinor,
      discountMinor: priced.lineDiscountMinor + priced.orderDiscountMinor + exemptTaxMinor,
      amountMinor: taxIncluded ? priced.totalMinor : priced.netMinor,
      discountLabel: discountLabel({
        lineDiscount: line.discount,
        lineDiscountMinor: priced.lineDiscountMinor,
        orderDiscount: cart.orderDiscount,
        orderDiscountMinor: priced.orderDiscountMinor,
        exemptTaxMinor,
        currency: context.currency.code,
        locale,
      }),
    };
  });
}

export function buildLocalReceipt(input: LocalReceiptInput): Receipt {
  const { sale, profile } = input;
  const { cart, totals, context } = sale;
  const taxIncluded = context.taxMode === 'inclusive';
  const rateNames = new Map(profile.taxRates.map((rate) => [rate.id, rate.name]));
  // Settled again over the payments the sale completed with: a card confirmed by the server
  // may have been added after `totals` was computed.
  const settlement = settlePayments(totals.totalMinor, sale.payments, context);
  const tenders = sale.payments.map((payment, index): ReceiptTender => {
    const applied = settlement.payments[index];
    if (!applied) throw new Error(`payment ${payment.id} was not settled`);
    const facts = tenderFactsOf(payment);
    return {
      kind: payment.kind,
      label: tenderLabel(facts),
      amountMinor: applied.appliedMinor,
      tenderedMinor: applied.tenderedMinor,
      reference: tenderReference(facts),
    };
  });
  return {
    kind: 'sale',
    documentId: sale.saleId,
    receiptNumber:
      input.receiptNumber === null
        ? provisionalReceiptNumber(sale.saleId)
        : formatReceiptNumber(input.receiptNumber),
    originalReceiptNumber: null,
    currency: context.currency.code,
    issuedAt: new Date(sale.completedAt).toISOString(),
    locale: profile.locale,
    timeZone: profile.timeZone,
    store: profile.store,
    registerName: profile.registerName,
    headerLines: profile.headerLines,
    footerLines: profile.footerLines,
    cashierName: input.cashierName,
    customerName: cart.customer?.name ?? null,
    lines: receiptLines(cart, totals, context, profile.locale),
    subtotalMinor: totals.grossMinor,
    discountTotalMinor:
      totals.lineDiscountMinor +
      totals.orderDiscountMinor +
      (taxIncluded ? totals.exemptTaxRemovedMinor : 0),
    taxIncluded,
    totalMinor: totals.totalMinor,
    taxes: totals.taxes.map((rate) => ({
      name: rateNames.get(rate.rateId) ?? 'Tax',
      rateLabel: rateLabel(rate.ratePpm, profile.locale),
      taxableMinor: rate.taxableMinor,
      taxMinor: rate.taxMinor,
    })),
    tenders,
    changeMinor: settlement.changeMinor,
    cashRoundingMinor: settlement.cashRoundingMinor,
    offline: sale.offline,
  };
}
