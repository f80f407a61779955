import { sql, type Tx } from '@tillpoint/db';
import { priceSale, roundCash, variantLabel } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { requirePermissionOrApproval } from '../identity/approval-gate.ts';
import { resolveVariantTaxes } from '../tax/tax-table.ts';
import { restockReasonOf, returnedQuantity } from './refund-plan.ts';
import type { RefundRegister } from './refund-register.ts';
import type { NoReceiptRefundInput } from './refund-schemas.ts';
import type { RefundLinePlan, RefundPaymentPlan, RefundPlan } from './refund-write.ts';
import { loadSalesSettings } from './settings.ts';

// A refund without a receipt: nothing says what was paid, so the items are priced as the store
// would sell them today (store price, store tax, the tenant's terms) and the money goes out as
// cash or as store credit. A manager does it directly; a cashier needs a manager's approval.

interface ItemRow {
  readonly id: string;
  readonly productName: string;
  readonly optionValues: string[];
  readonly unit: 'each' | 'weight';
  readonly priceMinor: number;
}

async function loadItems(tx: Tx, storeId: string, ids: readonly string[]) {
  const rows = await tx.query<ItemRow>(sql`select v.id, p.name as "productName",
      v.option_values as "optionValues", p.unit,
      coalesce(sp.price_minor, v.price_minor) as "priceMinor"
    from variants v
    join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
    left join variant_store_prices sp
      on sp.tenant_id = v.tenant_id and sp.variant_id = v.id and sp.store_id = ${storeId}
    where v.id = any(${ids}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row]));
}

async function customerOf(
  tx: Tx,
  customerId: string | undefined,
): Promise<{ id: string; taxExempt: boolean } | null> {
  if (!customerId) return null;
  const customer = await tx.maybeOne<{ id: string; taxExempt: boolean; archived: boolean }>(
    sql`select id, tax_exempt as "taxExempt", archived_at is not null as archived
      from customers where id = ${customerId}`,
  );
  if (!customer) throw notFound('customer', customerId);
  if (customer.archived)
    throw new AppError('customer.archived', 'This customer is archived; pick an active customer.');
  return customer;
}

/**
 * Passes with the cashier's consumed approval, or records the manager's own authority as an
 * approval they granted themselves (already consumed): refunds.approval_id must name who allowed
 * a refund without a receipt, and the schema requires it when there is no sale.
 */
async function approvalFor(
  tx: Tx,
  ctx: ServiceContext,
  storeId: string,
  approvalId: string | undefined,
): Promise<string> {
  const gate = await requirePermissionOrApproval(
    tx,
    ctx,
    'sales.refund_without_receipt',
    'refund.without_receipt',
    approvalId,
  );
  if (gate.approvalId) return gate.approvalId;
  if (ctx.actor.type !== 'user')
    throw new AppError('auth.forbidden', 'A signed-in person refunds without a receipt.');
  const device = ctx.actor.device;
  const row = await tx.one<{ id: string }>(sql`insert into approvals (tenant_id, action,
      requested_by, approved_by, store_id, device_id, reason, expires_at, consumed_at)
    values (${ctx.tenantId}, 'refund.without_receipt', ${ctx.actor.userId}, ${ctx.actor.userId},
      ${storeId}, ${device?.deviceId ?? null}, 'Own permission sales.refund_without_receipt',
      now() + interval '1 minute', now())
    returning id`);
  return row.id;
}

export async function planNoReceiptRefund(
  tx: Tx,
  ctx: ServiceContext,
  id: string,
  register: RefundRegister,
  input: NoReceiptRefundInput,
): Promise<RefundPlan> {
  const returned = input.lines.map((line, index) => ({
    variantId: line.variantId,
    quantityMilli: returnedQuantity(line.quantity, `Line ${index + 1}`),
    restock: line.restock,
    restockReason: restockReasonOf(line),
  }));
  const ids = returned.map((line) => line.variantId);
  if (new Set(ids).size !== ids.length)
    throw new AppError(
      'refund.duplicate_line',
      'An item appears twice in one refund; combine the quantities.',
    );
  if (input.destination === 'store_credit' && !input.customerId)
    throw new AppError(
      'refund.customer_required',
      'Store credit goes to a customer: pick the customer (customerId) or refund in cash.',
    );
  // The manager's say-so first: without it nothing about the items matters (a refused request
  // rolls back, so an approval is only used up by a refund that happens).
  const approvalId = await approvalFor(tx, ctx, register.storeId, input.approvalId);
  const customer = await customerOf(tx, input.customerId);
  const items = await loadItems(tx, register.storeId, ids);
  for (const line of returned) {
    const item = items.get(line.variantId);
    if (!item) throw notFound('variant', line.variantId);
    if (item.unit === 'each' && line.quantityMilli % 1000 !== 0)
      throw new AppError(
        'refund.fractional_quantity',
        `"${item.productName}" is sold in whole units; refund a whole number.`,
        { variantId: line.variantId },
      );
  }

  const settings = await loadSalesSettings(tx);
  const taxes = await resolveVariantTaxes(tx, register.storeId, ids);
  const priced = priceSale({
    currency: settings.currency,
    taxMode: settings.taxMode,
    taxRounding: settings.taxRounding,
    roundingMode: settings.roundingMode,
    taxExempt: customer?.taxExempt ?? false,
    lines: returned.map((line) => ({
      id: line.variantId,
      quantityMilli: line.quantityMilli,
      unitPriceMinor: items.get(line.variantId)?.priceMinor ?? 0,
      taxRates: taxes.get(line.variantId)?.rates ?? [],
    })),
  });

  const lines: RefundLinePlan[] = priced.lines.map((amounts, index) => {
    const line = returned[index];
    const item = line ? items.get(line.variantId) : undefined;
    if (!line || !item) throw new Error('refund line lost its item');
    const label = variantLabel(item.optionValues);
    return {
      saleLineId: null,
      variantId: line.variantId,
      giftCardId: null,
      name: label ? `${item.productName} - ${label}` : item.productName,
      quantityMilli: line.quantityMilli,
      amounts,
      restock: line.restock,
      restockReason: line.restockReason,
    };
  });

  const totalMinor = priced.totals.totalMinor;
  const cash = roundCash(totalMinor, settings.cashIncrementMinor, settings.roundingMode);
  const amountMinor = input.destination === 'cash' ? cash.roundedMinor : totalMinor;
  const payments: RefundPaymentPlan[] =
    amountMinor === 0
      ? []
      : [
          {
            kind: input.destination,
            amountMinor,
            salePaymentId: null,
            giftCardId: null,
            customerId: input.destination === 'store_credit' ? (customer?.id ?? null) : null,
            reference: null,
          },
        ];

  return {
    id,
    kind: 'refund',
    saleId: null,
    register,
    customerId: customer?.id ?? null,
    destination: input.destination,
    reason: input.reason ?? null,
    approvalId,
    exchangeSaleId: null,
    currency: settings.currency,
    totals: priced.totals,
    lines,
    payments,
    cashRoundingMinor: input.destination === 'cash' ? amountMinor - totalMinor : 0,
  };
}
