import { sql, type Tx } from '@tillpoint/db';
import type { PricedSale } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { type ApprovalGate, approveLine, approveOrderDiscount } from './approvals.ts';
import { giftCardLineDraft, itemLineDraft, loadSellableVariants } from './line-build.ts';
import { priceLines, writeTotals } from './pricing.ts';
import { assertKnownRates, chargedPrice } from './register-prices.ts';
import { type LineDraft, writeLines } from './sale-queries.ts';
import type { SaleFlagView, SubmitInput } from './sale-schemas.ts';
import { assertExpectedTotal } from './sale-state.ts';
import type { SalesSettings } from './settings.ts';

// A whole sale sent in one body (the register's submit, the new half of an exchange): its lines
// drafted from the catalog, priced by the engine, approvals checked, and everything written onto
// the sale row the caller has just inserted. Payment and completion are the caller's.

export type WholeSale = Pick<
  SubmitInput,
  'id' | 'lines' | 'payments' | 'orderDiscount' | 'expectedTotalMinor' | 'approvals'
>;

/** Line and payment ids are chosen by the client: distinct within the body... */
export function assertDistinctIds(input: WholeSale): void {
  for (const [what, ids] of [
    ['line', input.lines.map((line) => line.id)],
    ['payment', input.payments.map((payment) => payment.id)],
  ] as const) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id))
        throw new AppError(
          `sale.duplicate_${what}_id`,
          `Two ${what}s of this sale have the id ${id}; every ${what} needs its own id.`,
          { id },
        );
      seen.add(id);
    }
  }
}

/** ...and new in the tenant (the sale itself was just inserted). */
export async function assertFreshIds(tx: Tx, input: WholeSale): Promise<void> {
  const lineIds = input.lines.map((line) => line.id);
  const paymentIds = input.payments.map((payment) => payment.id);
  const taken = await tx.maybeOne<{ what: 'line' | 'payment'; id: string }>(sql`
    select 'line' as what, id from sale_lines where id = any(${lineIds}::uuid[])
    union all
    select 'payment', id from sale_payments where id = any(${paymentIds}::uuid[])
    limit 1`);
  if (taken)
    throw new AppError(
      taken.what === 'line' ? 'sale_line.id_conflict' : 'payment.id_conflict',
      `Another ${taken.what} already has the id ${taken.id}; give it a new id.`,
      { id: taken.id },
    );
}

export interface WholeSaleTerms {
  readonly storeId: string;
  readonly settings: SalesSettings;
  readonly taxExempt: boolean;
  /** Offline: what would be refused online is flagged instead (see register-prices.ts). */
  readonly offline: boolean;
  readonly flags: SaleFlagView[];
  readonly gate: ApprovalGate;
}

async function draftLines(
  tx: Tx,
  ctx: ServiceContext,
  input: WholeSale,
  terms: WholeSaleTerms,
): Promise<LineDraft[]> {
  const itemLines = input.lines.flatMap((line) => (line.kind === 'gift_card' ? [] : [line]));
  const variants = await loadSellableVariants(
    tx,
    terms.storeId,
    itemLines.map((line) => line.variantId),
    { allowArchived: terms.offline },
  );
  await assertKnownRates(tx, itemLines);
  const drafts: LineDraft[] = [];
  for (const [position, line] of input.lines.entries()) {
    if (line.kind === 'gift_card') {
      drafts.push(
        await giftCardLineDraft(tx, ctx, terms.settings.currency, line, line.id, position),
      );
      continue;
    }
    const variant = variants.get(line.variantId);
    if (!variant) throw new Error('loadSellableVariants returned no variant');
    if (variant.archived)
      terms.flags.push({
        code: 'variant_archived',
        message: 'Sold offline after the item was archived; check the catalog.',
        variantId: variant.id,
        lineId: line.id,
      });
    const charged = chargedPrice(variant, line, terms.offline, terms.flags);
    drafts.push({
      ...itemLineDraft(variant, line, line.id, position),
      listUnitPriceMinor: charged.unitPriceMinor,
      taxRates: charged.taxRates,
    });
  }
  return drafts;
}

/** Drafts, prices (checking the client's total), approves and writes the sale's lines. */
export async function writeWholeSale(
  tx: Tx,
  ctx: ServiceContext,
  input: WholeSale,
  terms: WholeSaleTerms,
): Promise<PricedSale> {
  const { settings } = terms;
  const drafts = await draftLines(tx, ctx, input, terms);
  const { priced, rows } = priceLines(
    {
      id: input.id,
      currency: settings.currency,
      taxMode: settings.taxMode,
      taxRounding: settings.taxRounding,
      roundingMode: settings.roundingMode,
      taxExempt: terms.taxExempt,
      orderDiscount: input.orderDiscount ?? null,
    },
    drafts,
  );
  assertExpectedTotal(input.expectedTotalMinor, priced.totals.totalMinor);

  for (const [index, line] of input.lines.entries()) {
    const row = rows[index];
    if (line.kind === 'gift_card' || !row) continue;
    const approvals = await approveLine(
      tx,
      ctx,
      settings.discountLimits,
      row,
      {
        overrideChanged: line.priceOverrideMinor !== undefined,
        discountChanged: line.discount !== undefined,
        approvalId: line.approvalId,
        discountApprovalId: line.discountApprovalId,
      },
      terms.gate,
    );
    rows[index] = { ...row, ...approvals };
  }
  if (input.orderDiscount) {
    const approvalId = await approveOrderDiscount(
      tx,
      ctx,
      settings.discountLimits,
      input.orderDiscount,
      priced.totals.grossMinor - priced.totals.lineDiscountMinor,
      input.approvals?.orderDiscount,
      terms.gate,
    );
    await tx.execute(sql`update sales set order_discount = ${sql.json(input.orderDiscount)},
        order_discount_approval_id = ${approvalId}
      where id = ${input.id}`);
  }
  await writeLines(tx, ctx.tenantId, input.id, rows);
  await writeTotals(tx, input.id, priced);
  return priced;
}
