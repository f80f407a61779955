import type { Tx } from '@tillpoint/db';
import type { RateTotal, Receipt, ReceiptLine, ReceiptTax, ReceiptTender } from '@tillpoint/domain';
import {
  discountLabel,
  formatReceiptNumber,
  rateLabel,
  tenderLabel,
  tenderReference,
} from '@tillpoint/domain';
import type { RefundView } from '../sales/refund-schemas.ts';
import { type SaleRow, selectLines, selectPayments } from '../sales/sale-queries.ts';
import { type Issuer, loadIssuer } from './issuer.ts';
import {
  selectCardsOfPayments,
  selectCustomerName,
  selectOriginalSale,
  selectRefundLineFacts,
  selectRefundOrigin,
  selectSaleCompleter,
  selectTaxRateNames,
  selectUserName,
} from './receipt-queries.ts';

// The Receipt of a completed sale or of a refund, assembled from what the database stores: every
// figure is a stored one, never recomputed, so the printed totals are the sale's to the cent.
// The one derivation is grouping: a line's discount is its own plus its share of the order
// discount (plus, when prices include tax, the tax a tax-exempt customer did not pay), so that
//   subtotal - discounts (+ taxes when added on top) = total,  and
//   tenders - cash rounding = total (change is what the cash tenders gave back beyond that).

const iso = (timestamp: string) => new Date(timestamp).toISOString();

interface Amounts {
  readonly grossMinor: number;
  readonly lineDiscountMinor: number;
  readonly orderDiscountMinor: number;
  readonly netMinor: number;
  readonly exemptTaxRemovedMinor: number;
  readonly totalMinor: number;
}

/** What the customer pays for a line, before any tax added on top, and what came off it. */
function lineMoney(amounts: Amounts, taxIncluded: boolean) {
  const exemptTaxMinor = taxIncluded ? amounts.exemptTaxRemovedMinor : 0;
  return {
    exemptTaxMinor,
    discountMinor: amounts.lineDiscountMinor + amounts.orderDiscountMinor + exemptTaxMinor,
    amountMinor: taxIncluded ? amounts.totalMinor : amounts.netMinor,
  };
}

async function receiptTaxes(
  tx: Tx,
  totals: readonly RateTotal[],
  locale: string,
): Promise<ReceiptTax[]> {
  const names = await selectTaxRateNames(
    tx,
    totals.map((rate) => rate.rateId),
  );
  return totals.map((rate) => ({
    name: names.get(rate.rateId) ?? 'Tax',
    rateLabel: rateLabel(rate.ratePpm, locale),
    taxableMinor: rate.taxableMinor,
    taxMinor: rate.taxMinor,
  }));
}

function documentTotals(header: Omit<Amounts, 'netMinor'>, taxIncluded: boolean) {
  return {
    subtotalMinor: header.grossMinor,
    discountTotalMinor:
      header.lineDiscountMinor +
      header.orderDiscountMinor +
      (taxIncluded ? header.exemptTaxRemovedMinor : 0),
    taxIncluded,
    totalMinor: header.totalMinor,
  };
}

function issuerFields(issuer: Issuer) {
  return {
    locale: issuer.locale,
    timeZone: issuer.timeZone,
    store: issuer.store,
    registerName: issuer.registerName,
    headerLines: issuer.headerLines,
    footerLines: issuer.footerLines,
  };
}

// ---- sales ----------------------------------------------------------------------------------------

/** The receipt of a completed sale (the caller checked the status and the reader's store). */
export async function buildSaleReceipt(tx: Tx, sale: SaleRow): Promise<Receipt> {
  if (sale.receiptNumber === null) throw new Error(`sale ${sale.id} has no receipt number`);
  const issuer = await loadIssuer(tx, sale.storeId, sale.registerId);
  const taxIncluded = sale.taxMode === 'inclusive';
  const { locale } = issuer;
  const lines = (await selectLines(tx, sale.id)).map((line): ReceiptLine => {
    const money = lineMoney(line, taxIncluded);
    return {
      description: line.name,
      sku: line.sku,
      unit: line.unit,
      quantityMilli: line.quantityMilli,
      unitPriceMinor: line.unitPriceMinor,
      grossMinor: line.grossMinor,
      discountMinor: money.discountMinor,
      amountMinor: money.amountMinor,
      discountLabel: discountLabel({
        lineDiscount: line.discount,
        lineDiscountMinor: line.lineDiscountMinor,
        orderDiscount: sale.orderDiscount,
        orderDiscountMinor: line.orderDiscountMinor,
        exemptTaxMinor: money.exemptTaxMinor,
        currency: sale.currency,
        locale,
      }),
    };
  });
  // Reversed payments (a card voided before completion) never settled anything.
  const payments = (await selectPayments(tx, sale.id)).filter((p) => p.status === 'captured');
  const cards = await selectCardsOfPayments(
    tx,
    payments.filter((p) => p.kind === 'card').map((p) => p.id),
  );
  const tenders = payments.map(
    (payment): ReceiptTender => ({
      kind: payment.kind,
      label: tenderLabel({
        kind: payment.kind,
        reference: payment.reference,
        giftCardLast4: payment.giftCardLast4,
        cardBrand: cards.get(payment.id)?.brand ?? null,
        cardLast4: cards.get(payment.id)?.last4 ?? null,
      }),
      amountMinor: payment.appliedMinor,
      tenderedMinor: payment.tenderedMinor,
      reference: tenderReference(payment),
    }),
  );
  const cashierId = (await selectSaleCompleter(tx, sale.id)) ?? sale.cashierId;
  return {
    kind: 'sale',
    documentId: sale.id,
    receiptNumber: formatReceiptNumber(sale.receiptNumber),
    originalReceiptNumber: null,
    currency: sale.currency,
    // An offline sale happened on the register's clock; it reached the server later.
    issuedAt: iso(
      sale.origin === 'offline' ? sale.occurredAt : (sale.completedAt ?? sale.occurredAt),
    ),
    ...issuerFields(issuer),
    cashierName: await selectUserName(tx, cashierId),
    customerName: await selectCustomerName(tx, sale.customerId),
    lines,
    ...documentTotals(sale, taxIncluded),
    taxes: await receiptTaxes(tx, sale.taxTotals, locale),
    tenders,
    changeMinor: sale.changeMinor,
    cashRoundingMinor: sale.cashRoundingMinor,
    offline: sale.origin === 'offline',
  };
}

// ---- refunds --------------------------------------------------------------------------------------

/**
 * Refunds do not record the tax mode they were priced in: a refund of a sale has the sale's; one
 * without a receipt shows it in its figures (with prices including tax, what is left after the
 * discounts is more than the net whenever there is tax), else it is today's.
 */
function refundTaxIncluded(
  refund: RefundView,
  saleTaxMode: 'exclusive' | 'inclusive' | null,
  tenantTaxMode: 'exclusive' | 'inclusive',
): boolean {
  if (saleTaxMode) return saleTaxMode === 'inclusive';
  const afterDiscounts = refund.grossMinor - refund.lineDiscountMinor - refund.orderDiscountMinor;
  if (afterDiscounts !== refund.subtotalMinor) return true;
  if (refund.taxMinor > 0 || refund.exemptTaxRemovedMinor > 0) return false;
  return tenantTaxMode === 'inclusive';
}

/** The receipt of a refund (the caller checked the reader's store). */
export async function buildRefundReceipt(tx: Tx, refund: RefundView): Promise<Receipt> {
  const issuer = await loadIssuer(tx, refund.storeId, refund.registerId);
  const { locale } = issuer;
  const original = refund.saleId ? await selectOriginalSale(tx, refund.saleId) : null;
  const taxIncluded = refundTaxIncluded(refund, original?.taxMode ?? null, issuer.tenantTaxMode);
  const facts = await selectRefundLineFacts(tx, refund.id);
  const lines = refund.lines.map((line): ReceiptLine => {
    const fact = facts.get(line.id);
    const quantityMilli = fact?.quantityMilli ?? Math.round(line.quantity * 1000);
    const money = lineMoney(line, taxIncluded);
    return {
      description: line.name,
      sku: fact?.sku ?? null,
      unit: fact?.unit ?? 'each',
      quantityMilli,
      // Without a receipt the price charged is not kept apart from the line; gross / quantity
      // gives it back (exactly for whole units).
      unitPriceMinor: fact?.unitPriceMinor ?? Math.round((line.grossMinor * 1000) / quantityMilli),
      grossMinor: line.grossMinor,
      discountMinor: money.discountMinor,
      amountMinor: money.amountMinor,
      discountLabel: discountLabel({
        lineDiscount: fact?.discount ?? null,
        lineDiscountMinor: line.lineDiscountMinor,
        orderDiscount: original?.orderDiscount ?? null,
        orderDiscountMinor: line.orderDiscountMinor,
        exemptTaxMinor: money.exemptTaxMinor,
        currency: refund.currency,
        locale,
      }),
    };
  });
  const cards = await selectCardsOfPayments(
    tx,
    refund.payments.flatMap((p) => (p.kind === 'card' && p.salePaymentId ? [p.salePaymentId] : [])),
  );
  const tenders = refund.payments.map((payment): ReceiptTender => {
    const card = payment.salePaymentId ? cards.get(payment.salePaymentId) : undefined;
    return {
      kind: payment.kind,
      label: tenderLabel({
        kind: payment.kind,
        reference: payment.reference,
        giftCardLast4: payment.giftCardLast4,
        cardBrand: card?.brand ?? null,
        cardLast4: card?.last4 ?? null,
      }),
      amountMinor: payment.amountMinor,
      tenderedMinor: payment.amountMinor,
      reference: tenderReference(payment),
    };
  });
  const origin = await selectRefundOrigin(tx, refund.id);
  return {
    kind: 'refund',
    documentId: refund.id,
    receiptNumber: formatReceiptNumber(refund.receiptNumber),
    originalReceiptNumber:
      original?.receiptNumber != null ? formatReceiptNumber(original.receiptNumber) : null,
    currency: refund.currency,
    issuedAt: iso(refund.occurredAt),
    ...issuerFields(issuer),
    cashierName: await selectUserName(tx, refund.actorId),
    customerName: await selectCustomerName(tx, refund.customerId),
    lines,
    ...documentTotals(refund, taxIncluded),
    taxes: await receiptTaxes(tx, refund.taxes, locale),
    tenders,
    changeMinor: 0,
    cashRoundingMinor: refund.cashRoundingMinor,
    offline: origin === 'offline',
  };
}
