import { sql, type Tx } from '@tillpoint/db';
import { fromMilli, lineCost, totalCost } from '@tillpoint/domain';
import type {
  PurchaseOrderLineView,
  PurchaseOrderStatus,
  PurchaseOrderSummaryView,
  PurchaseOrderView,
} from './purchase-order-schemas.ts';

const headerColumns = sql`o.id, o.supplier_id as "supplierId", o.store_id as "storeId", o.status,
  o.currency, o.reference, o.expected_on as "expectedOn", o.note, o.created_by as "createdBy",
  to_json(o.created_at) #>> '{}' as "createdAt", to_json(o.ordered_at) #>> '{}' as "orderedAt",
  o.ordered_by as "orderedBy", to_json(o.received_at) #>> '{}' as "receivedAt",
  to_json(o.closed_at) #>> '{}' as "closedAt", to_json(o.cancelled_at) #>> '{}' as "cancelledAt",
  o.cancelled_by as "cancelledBy", to_json(o.updated_at) #>> '{}' as "updatedAt"`;

export type PurchaseOrderHeader = Omit<PurchaseOrderView, 'lines' | 'totals'>;

export function selectOrderHeader(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<PurchaseOrderHeader | null> {
  return tx.maybeOne<PurchaseOrderHeader>(sql`select ${headerColumns} from purchase_orders o
    where o.id = ${id} ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export interface OrderLineRow {
  readonly purchaseOrderId: string;
  readonly variantId: string;
  readonly orderedMilli: number;
  readonly unitCostMinor: number;
  readonly receivedMilli: number;
}

export function selectOrderLineRows(tx: Tx, ids: readonly string[]): Promise<OrderLineRow[]> {
  return tx.query<OrderLineRow>(sql`select purchase_order_id as "purchaseOrderId",
      variant_id as "variantId", ordered_milli as "orderedMilli",
      unit_cost_minor as "unitCostMinor", received_milli as "receivedMilli"
    from purchase_order_lines where purchase_order_id = any(${ids}::uuid[])
    order by purchase_order_id, variant_id`);
}

export function toOrderLineView(row: OrderLineRow): PurchaseOrderLineView {
  return {
    variantId: row.variantId,
    ordered: fromMilli(row.orderedMilli),
    unitCost: row.unitCostMinor,
    received: fromMilli(row.receivedMilli),
    outstanding: fromMilli(Math.max(0, row.orderedMilli - row.receivedMilli)),
    orderedCost: lineCost({ unitCostMinor: row.unitCostMinor, quantityMilli: row.orderedMilli }),
    receivedCost: lineCost({ unitCostMinor: row.unitCostMinor, quantityMilli: row.receivedMilli }),
  };
}

/** Totals are the sums of the rounded lines (the domain's rule), never a separate SQL sum. */
export function orderTotals(rows: readonly OrderLineRow[]): PurchaseOrderView['totals'] {
  return {
    ordered: totalCost(
      rows.map((row) => ({ unitCostMinor: row.unitCostMinor, quantityMilli: row.orderedMilli })),
    ),
    received: totalCost(
      rows.map((row) => ({ unitCostMinor: row.unitCostMinor, quantityMilli: row.receivedMilli })),
    ),
  };
}

export interface OrderLineInput {
  readonly variantId: string;
  readonly milli: number;
  readonly unitCostMinor: number;
}

export async function replaceOrderLines(
  tx: Tx,
  tenantId: string,
  id: string,
  lines: readonly OrderLineInput[],
): Promise<void> {
  await tx.execute(sql`delete from purchase_order_lines where purchase_order_id = ${id}`);
  if (lines.length === 0) return;
  const rows = lines.map(
    (line) => sql`(${line.variantId}::uuid, ${line.milli}::bigint, ${line.unitCostMinor}::bigint)`,
  );
  await tx.execute(sql`insert into purchase_order_lines (tenant_id, purchase_order_id, variant_id,
      ordered_milli, unit_cost_minor)
    select ${tenantId}, ${id}, l.variant_id, l.ordered, l.unit_cost
    from (values ${sql.join(rows)}) as l (variant_id, ordered, unit_cost)`);
}

export async function addReceivedToOrder(
  tx: Tx,
  id: string,
  line: { variantId: string; milli: number },
): Promise<void> {
  await tx.execute(sql`update purchase_order_lines set received_milli = received_milli + ${line.milli}
    where purchase_order_id = ${id} and variant_id = ${line.variantId}`);
}

export async function selectOrders(
  tx: Tx,
  filter: {
    storeIds: readonly string[] | null;
    storeId?: string;
    supplierId?: string;
    status?: PurchaseOrderStatus;
    before?: string;
    limit: number;
  },
): Promise<PurchaseOrderSummaryView[]> {
  const headers = await tx.query<PurchaseOrderHeader>(sql`select ${headerColumns}
    from purchase_orders o
    where (${filter.storeIds === null} or o.store_id = any(${filter.storeIds ?? []}::uuid[]))
      and (${filter.storeId ?? null}::uuid is null or o.store_id = ${filter.storeId ?? null}::uuid)
      and (${filter.supplierId ?? null}::uuid is null or o.supplier_id = ${filter.supplierId ?? null}::uuid)
      and (${filter.status ?? null}::text is null or o.status = ${filter.status ?? null}::text)
      and (${filter.before ?? null}::uuid is null or o.id < ${filter.before ?? null}::uuid)
    order by o.id desc limit ${filter.limit}`);
  const linesByOrder = new Map<string, OrderLineRow[]>();
  for (const line of await selectOrderLineRows(
    tx,
    headers.map((header) => header.id),
  )) {
    const own = linesByOrder.get(line.purchaseOrderId);
    if (own) own.push(line);
    else linesByOrder.set(line.purchaseOrderId, [line]);
  }
  return headers.map((header) => {
    const own = linesByOrder.get(header.id) ?? [];
    return { ...header, totals: orderTotals(own), lineCount: own.length };
  });
}
