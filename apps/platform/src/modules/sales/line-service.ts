import { type Database, newId, sql, type Tx } from '@tillpoint/db';
import { assertUnitQuantity } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { approveLine, approveOrderDiscount, REFUSE } from './approvals.ts';
import {
  giftCardLineDraft,
  itemLineDraft,
  lineQuantityMilli,
  loadSellableVariants,
} from './line-build.ts';
import { priceLines, type SaleTerms, writeTotals } from './pricing.ts';
import {
  bumpVersion,
  deleteLine,
  type LineDraft,
  type LineRow,
  type SaleRow,
  saleOfLine,
  selectLines,
  writeLines,
} from './sale-queries.ts';
import type {
  DiscountInput,
  LineInput,
  OrderDiscountInput,
  SaleView,
  UpdateLineInput,
} from './sale-schemas.ts';
import { assertNoPayments, assertOpen, loadSaleCustomer, lockSale } from './sale-state.ts';
import { loadSalesSettings } from './settings.ts';
import { loadSaleView } from './views.ts';

// Changing what is on an open sale: lines, the order discount, the customer. Every change locks
// the sale, refuses once a payment is captured, re-prices the WHOLE sale with the money engine
// (an order discount is spread over every line, a tax exemption touches every line) and stores
// each line's figures and the totals, then moves the version.

const TARGET = 'sale';

const sameDiscount = (a: DiscountInput | null | undefined, b: DiscountInput | null) =>
  JSON.stringify(a ?? null) === JSON.stringify(b);

/** Whether a stored line is what this request would have created (a replayed POST). */
function sameLine(line: LineRow, input: LineInput): boolean {
  if (input.kind === 'gift_card')
    return line.kind === 'gift_card' && line.listUnitPriceMinor === input.amountMinor;
  return (
    line.kind === 'item' &&
    line.variantId === input.variantId &&
    line.quantityMilli === lineQuantityMilli(input.quantity) &&
    line.priceOverrideMinor === (input.priceOverrideMinor ?? null) &&
    sameDiscount(input.discount, line.discount)
  );
}

/** Prices the sale with its lines as given and stores everything the engine says. */
async function storeRepriced(
  tx: Tx,
  ctx: ServiceContext,
  terms: SaleTerms,
  rows: readonly LineRow[],
  totals: Parameters<typeof writeTotals>[2],
): Promise<void> {
  await writeLines(tx, ctx.tenantId, terms.id, rows);
  await writeTotals(tx, terms.id, totals);
  await bumpVersion(tx, terms.id);
}

async function openForChange(tx: Tx, ctx: ServiceContext, id: string): Promise<SaleRow> {
  const sale = await lockSale(tx, ctx, id);
  assertOpen(sale);
  assertNoPayments(sale);
  return sale;
}

export function createLineService(db: Database) {
  return {
    async addLine(
      ctx: RequestContext,
      saleId: string,
      input: LineInput,
    ): Promise<{ sale: SaleView; replayed: boolean }> {
      const authed = authorize(ctx, 'sales.sell');
      if (input.kind !== 'gift_card') lineQuantityMilli(input.quantity);
      return db.withTenant(authed, async (tx) => {
        const sale = await lockSale(tx, authed, saleId);
        const lineId = input.id ?? newId();
        if (input.id) {
          const owner = await saleOfLine(tx, input.id);
          if (owner !== null) {
            const stored = (await selectLines(tx, saleId)).find((line) => line.id === input.id);
            if (owner === saleId && stored && sameLine(stored, input))
              return { sale: await loadSaleView(tx, saleId), replayed: true };
            throw new AppError(
              'sale_line.id_conflict',
              'A different line already has this id; give the new line a new id.',
              { lineId: input.id },
            );
          }
        }
        assertOpen(sale);
        assertNoPayments(sale);
        const lines = await selectLines(tx, saleId);
        const position = (lines.at(-1)?.position ?? -1) + 1;
        let draft: LineDraft;
        if (input.kind === 'gift_card') {
          draft = await giftCardLineDraft(tx, authed, sale.currency, input, lineId, position);
        } else {
          const variants = await loadSellableVariants(tx, sale.storeId, [input.variantId]);
          const variant = variants.get(input.variantId);
          if (!variant) throw new Error('loadSellableVariants returned no variant');
          draft = itemLineDraft(variant, input, lineId, position);
        }
        const { priced, rows } = priceLines(sale, [...lines, draft]);
        const added = rows.at(-1);
        if (!added) throw new Error('priced sale lost its new line');
        if (input.kind !== 'gift_card') {
          const settings = await loadSalesSettings(tx);
          const approvals = await approveLine(
            tx,
            authed,
            settings.discountLimits,
            added,
            {
              overrideChanged: input.priceOverrideMinor !== undefined,
              discountChanged: input.discount !== undefined,
              approvalId: input.approvalId,
              discountApprovalId: input.discountApprovalId,
            },
            REFUSE,
          );
          rows[rows.length - 1] = { ...added, ...approvals };
        }
        await storeRepriced(tx, authed, sale, rows, priced);
        await recordAudit(tx, authed, {
          action: 'sale.line_added',
          targetType: TARGET,
          targetId: saleId,
          storeId: sale.storeId,
          after: lineAudit(rows[rows.length - 1]),
        });
        return { sale: await loadSaleView(tx, saleId), replayed: false };
      });
    },

    async updateLine(
      ctx: RequestContext,
      saleId: string,
      lineId: string,
      input: UpdateLineInput,
    ): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.sell');
      const quantityMilli =
        input.quantity === undefined ? undefined : lineQuantityMilli(input.quantity);
      return db.withTenant(authed, async (tx) => {
        const sale = await openForChange(tx, authed, saleId);
        const lines = await selectLines(tx, saleId);
        const index = lines.findIndex((line) => line.id === lineId);
        const before = lines[index];
        if (!before)
          throw new AppError('sale_line.not_found', `No line with id ${lineId} on this sale.`);
        if (before.kind === 'gift_card')
          throw new AppError(
            'sale.gift_card_line_fixed',
            'A gift card line is sold at its face value: remove it and add it again with the ' +
              'amount wanted.',
            { lineId },
          );
        const priceOverrideMinor =
          input.priceOverrideMinor === undefined
            ? before.priceOverrideMinor
            : input.priceOverrideMinor;
        const discount = input.discount === undefined ? before.discount : input.discount;
        const draft: LineDraft = {
          ...before,
          quantityMilli: quantityMilli ?? before.quantityMilli,
          priceOverrideMinor,
          discount,
        };
        assertUnitQuantity(draft.quantityMilli, draft.unit);
        const drafts = lines.map((line, i) => (i === index ? draft : line));
        const { priced, rows } = priceLines(sale, drafts);
        const changed = rows[index];
        if (!changed) throw new Error('priced sale lost the changed line');
        const settings = await loadSalesSettings(tx);
        const approvals = await approveLine(
          tx,
          authed,
          settings.discountLimits,
          changed,
          {
            overrideChanged: priceOverrideMinor !== before.priceOverrideMinor,
            discountChanged: !sameDiscount(discount, before.discount),
            approvalId: input.approvalId,
            discountApprovalId: input.discountApprovalId,
          },
          REFUSE,
        );
        rows[index] = { ...changed, ...approvals };
        await storeRepriced(tx, authed, sale, rows, priced);
        await recordAudit(tx, authed, {
          action: 'sale.line_changed',
          targetType: TARGET,
          targetId: saleId,
          storeId: sale.storeId,
          before: lineAudit(before),
          after: lineAudit(rows[index]),
        });
        return loadSaleView(tx, saleId);
      });
    },

    async removeLine(ctx: RequestContext, saleId: string, lineId: string): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.sell');
      return db.withTenant(authed, async (tx) => {
        const sale = await openForChange(tx, authed, saleId);
        const lines = await selectLines(tx, saleId);
        const removed = lines.find((line) => line.id === lineId);
        if (!removed)
          throw new AppError('sale_line.not_found', `No line with id ${lineId} on this sale.`);
        await deleteLine(tx, saleId, lineId);
        const { priced, rows } = priceLines(
          sale,
          lines.filter((line) => line.id !== lineId),
        );
        await storeRepriced(tx, authed, sale, rows, priced);
        await recordAudit(tx, authed, {
          action: 'sale.line_removed',
          targetType: TARGET,
          targetId: saleId,
          storeId: sale.storeId,
          before: lineAudit(removed),
        });
        return loadSaleView(tx, saleId);
      });
    },

    async setOrderDiscount(
      ctx: RequestContext,
      saleId: string,
      input: OrderDiscountInput,
    ): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.sell');
      return db.withTenant(authed, async (tx) => {
        const sale = await openForChange(tx, authed, saleId);
        const terms = { ...sale, orderDiscount: input.discount };
        const { priced, rows } = priceLines(terms, await selectLines(tx, saleId));
        const settings = await loadSalesSettings(tx);
        const approvalId = await approveOrderDiscount(
          tx,
          authed,
          settings.discountLimits,
          input.discount,
          priced.totals.grossMinor - priced.totals.lineDiscountMinor,
          input.approvalId,
          REFUSE,
        );
        await tx.execute(sql`update sales set
            order_discount = ${input.discount === null ? null : sql.json(input.discount)},
            order_discount_approval_id = ${approvalId}
          where id = ${saleId}`);
        await storeRepriced(tx, authed, terms, rows, priced);
        await recordAudit(tx, authed, {
          action: 'sale.discount_set',
          targetType: TARGET,
          targetId: saleId,
          storeId: sale.storeId,
          before: { discount: sale.orderDiscount, discountMinor: sale.orderDiscountMinor },
          after: {
            discount: input.discount,
            discountMinor: priced.totals.orderDiscountMinor,
            approvalId,
          },
        });
        return loadSaleView(tx, saleId);
      });
    },

    /**
     * Sets or clears the customer; tax exemption follows them, so the sale is re-priced. After a
     * payment the customer may still be added (to pay the rest with their store credit) as long
     * as that leaves the taxes, and so the total, as they were.
     */
    async setCustomer(
      ctx: RequestContext,
      saleId: string,
      customerId: string | null,
    ): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.sell');
      return db.withTenant(authed, async (tx) => {
        const sale = await lockSale(tx, authed, saleId);
        assertOpen(sale);
        const customer = customerId ? await loadSaleCustomer(tx, customerId) : null;
        const terms = { ...sale, taxExempt: customer?.taxExempt ?? false };
        if (terms.taxExempt !== sale.taxExempt) assertNoPayments(sale);
        const { priced, rows } = priceLines(terms, await selectLines(tx, saleId));
        await tx.execute(sql`update sales set customer_id = ${customer?.id ?? null},
            tax_exempt = ${terms.taxExempt}
          where id = ${saleId}`);
        await storeRepriced(tx, authed, terms, rows, priced);
        await recordAudit(tx, authed, {
          action: 'sale.customer_set',
          targetType: TARGET,
          targetId: saleId,
          storeId: sale.storeId,
          before: { customerId: sale.customerId, taxExempt: sale.taxExempt },
          after: { customerId: customer?.id ?? null, taxExempt: terms.taxExempt },
        });
        return loadSaleView(tx, saleId);
      });
    },
  };
}

function lineAudit(line: LineRow | undefined) {
  if (!line) return null;
  return {
    id: line.id,
    variantId: line.variantId,
    giftCardId: line.giftCardId,
    quantityMilli: line.quantityMilli,
    listUnitPriceMinor: line.listUnitPriceMinor,
    priceOverrideMinor: line.priceOverrideMinor,
    discount: line.discount,
    totalMinor: line.totalMinor,
    priceOverrideApprovalId: line.priceOverrideApprovalId,
    discountApprovalId: line.discountApprovalId,
  };
}
