import { type Database, newId, sql, type Tx } from '@tillpoint/db';
import { fromMilli } from '@tillpoint/domain';
import { actorId, type RequestContext, type ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, authorizeStore, storeFilter } from '../identity/authorize.ts';
import {
  assertDistinctItems,
  assertMayReceiveOver,
  assertStockItems,
  assertStoreAccess,
  openStore,
  positiveMilli,
} from './document-checks.ts';
import { applyMovements } from './ledger.ts';
import {
  addReceivedToOrder,
  type OrderLineInput,
  orderTotals,
  type PurchaseOrderHeader,
  replaceOrderLines,
  selectOrderHeader,
  selectOrderLineRows,
  selectOrders,
  toOrderLineView,
} from './purchase-order-queries.ts';
import type {
  CreatePurchaseOrderInput,
  PurchaseOrderStatus,
  PurchaseOrderSummaryView,
  PurchaseOrderView,
  ReceivePurchaseOrderInput,
  UpdatePurchaseOrderInput,
} from './purchase-order-schemas.ts';

// Purchase order states: draft (lines editable) -> ordered (sent to the supplier; lines fixed) ->
// partially_received -> received, as deliveries arrive (each receipt posts `received` movements at
// the line's unit cost). Cancel is for orders nothing has arrived for; an order the supplier will
// not complete is closed instead, keeping what arrived.

const REFERENCE = 'purchase_order';

function stateError(order: PurchaseOrderHeader, wanted: string): AppError {
  const details = { purchaseOrderId: order.id, status: order.status };
  switch (order.status) {
    case 'draft':
      return new AppError(
        'purchase_order.not_ordered',
        `This order is still a draft; place it before ${wanted}.`,
        details,
      );
    case 'ordered':
    case 'partially_received':
      return new AppError(
        'purchase_order.not_draft',
        `This order was placed with the supplier; ${wanted} is only possible while it is a draft.`,
        details,
      );
    case 'received':
      return new AppError(
        'purchase_order.already_received',
        'Everything on this order has been received.',
        details,
      );
    case 'closed':
      return new AppError('purchase_order.closed', 'This order was closed.', details);
    case 'cancelled':
      return new AppError('purchase_order.cancelled', 'This order was cancelled.', details);
  }
}

function orderLines(
  lines: readonly { variantId: string; quantity: number; unitCost: number }[],
): OrderLineInput[] {
  const converted = lines.map((line) => ({
    variantId: line.variantId,
    milli: positiveMilli(line),
    unitCostMinor: line.unitCost,
  }));
  assertDistinctItems(converted);
  return converted;
}

async function activeSupplier(tx: Tx, supplierId: string): Promise<void> {
  const supplier = await tx.maybeOne<{ archived: boolean }>(
    sql`select archived_at is not null as archived from suppliers where id = ${supplierId}`,
  );
  if (!supplier) throw notFound('supplier', supplierId);
  if (supplier.archived)
    throw new AppError(
      'supplier.archived',
      'This supplier is archived; restore it or choose another.',
      { supplierId },
    );
}

export function createPurchaseOrderService(db: Database, outbox: Outbox) {
  async function lockOrder(
    tx: Tx,
    authed: ServiceContext,
    id: string,
    allowed: readonly PurchaseOrderStatus[],
    wanted: string,
  ): Promise<PurchaseOrderHeader> {
    const order = await selectOrderHeader(tx, id, 'for update');
    if (!order) throw notFound('purchase_order', id);
    assertStoreAccess(authed.actor, order.storeId);
    if (!allowed.includes(order.status)) throw stateError(order, wanted);
    return order;
  }

  async function view(tx: Tx, id: string): Promise<PurchaseOrderView> {
    const header = await selectOrderHeader(tx, id);
    if (!header) throw notFound('purchase_order', id);
    const rows = await selectOrderLineRows(tx, [id]);
    return { ...header, totals: orderTotals(rows), lines: rows.map(toOrderLineView) };
  }

  return {
    async create(ctx: RequestContext, input: CreatePurchaseOrderInput): Promise<PurchaseOrderView> {
      const authed = authorizeStore(ctx, 'purchasing.manage', input.storeId);
      const lines = orderLines(input.lines ?? []);
      const id = newId();
      return db.withTenant(authed, async (tx) => {
        const store = await openStore(tx, input.storeId);
        await activeSupplier(tx, input.supplierId);
        await assertStockItems(tx, lines);
        await tx.execute(sql`insert into purchase_orders (tenant_id, id, supplier_id, store_id,
            currency, reference, expected_on, note, created_by)
          values (${authed.tenantId}, ${id}, ${input.supplierId}, ${input.storeId}, ${store.currency},
            ${input.reference?.trim() || null}, ${input.expectedOn ?? null}::date,
            ${input.note ?? null}, ${actorId(authed.actor)})`);
        await replaceOrderLines(tx, authed.tenantId, id, lines);
        const created = await view(tx, id);
        await recordAudit(tx, authed, {
          action: 'purchase_order.created',
          targetType: REFERENCE,
          targetId: id,
          storeId: input.storeId,
          after: { ...input, lines: input.lines ?? [], totals: created.totals },
        });
        return created;
      });
    },

    async list(
      ctx: RequestContext,
      query: {
        storeId?: string;
        supplierId?: string;
        status?: PurchaseOrderStatus;
        cursor?: string;
        limit: number;
      },
    ): Promise<{ purchaseOrders: PurchaseOrderSummaryView[]; nextCursor: string | null }> {
      const authed = query.storeId
        ? authorizeStore(ctx, 'purchasing.manage', query.storeId)
        : authorize(ctx, 'purchasing.manage');
      const rows = await db.withTenant(authed, (tx) =>
        selectOrders(tx, {
          storeIds: storeFilter(authed.actor),
          ...(query.storeId ? { storeId: query.storeId } : {}),
          ...(query.supplierId ? { supplierId: query.supplierId } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
          limit: query.limit + 1,
        }),
      );
      const page = rows.slice(0, query.limit);
      return {
        purchaseOrders: page,
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async get(ctx: RequestContext, id: string): Promise<PurchaseOrderView> {
      const authed = authorize(ctx, 'purchasing.manage');
      return db.withTenant(authed, async (tx) => {
        const order = await view(tx, id);
        assertStoreAccess(authed.actor, order.storeId);
        return order;
      });
    },

    /** Paperwork fields change until the order is finished; what was ordered only while draft. */
    async update(
      ctx: RequestContext,
      id: string,
      input: UpdatePurchaseOrderInput,
    ): Promise<PurchaseOrderView> {
      const authed = authorize(ctx, 'purchasing.manage');
      const changesOrder = input.lines !== undefined || input.supplierId !== undefined;
      const lines = input.lines ? orderLines(input.lines) : null;
      return db.withTenant(authed, async (tx) => {
        const before = await lockOrder(
          tx,
          authed,
          id,
          changesOrder ? ['draft'] : ['draft', 'ordered', 'partially_received'],
          changesOrder ? 'changing its supplier or lines' : 'editing it',
        );
        if (input.supplierId !== undefined) await activeSupplier(tx, input.supplierId);
        if (lines) {
          await assertStockItems(tx, lines);
          await replaceOrderLines(tx, authed.tenantId, id, lines);
        }
        await tx.execute(sql`update purchase_orders set
            supplier_id = coalesce(${input.supplierId ?? null}::uuid, supplier_id),
            reference = case when ${input.reference !== undefined}
              then ${input.reference?.trim() || null} else reference end,
            expected_on = case when ${input.expectedOn !== undefined}
              then ${input.expectedOn ?? null}::date else expected_on end,
            note = case when ${input.note !== undefined} then ${input.note ?? null} else note end,
            updated_at = now()
          where id = ${id}`);
        const after = await view(tx, id);
        await recordAudit(tx, authed, {
          action: 'purchase_order.updated',
          targetType: REFERENCE,
          targetId: id,
          storeId: before.storeId,
          before: {
            supplierId: before.supplierId,
            reference: before.reference,
            expectedOn: before.expectedOn,
            note: before.note,
          },
          after: { ...input, totals: after.totals },
        });
        return after;
      });
    },

    /** Placed with the supplier: from now on the lines are what was agreed. */
    async order(ctx: RequestContext, id: string): Promise<PurchaseOrderView> {
      const authed = authorize(ctx, 'purchasing.manage');
      return db.withTenant(authed, async (tx) => {
        const order = await lockOrder(tx, authed, id, ['draft'], 'placing it');
        const current = await view(tx, id);
        if (current.lines.length === 0)
          throw new AppError('purchase_order.empty', 'Add at least one line before ordering.');
        await activeSupplier(tx, order.supplierId);
        await openStore(tx, order.storeId);
        await tx.execute(sql`update purchase_orders set status = 'ordered', ordered_at = now(),
          ordered_by = ${actorId(authed.actor)} where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'purchase_order.ordered',
          targetType: REFERENCE,
          targetId: id,
          storeId: order.storeId,
          after: { supplierId: order.supplierId, totals: current.totals },
        });
        return view(tx, id);
      });
    },

    /**
     * One delivery: each line arrives as a `received` movement at its unit cost. More than is
     * outstanding needs inventory.receive_over.
     */
    async receive(
      ctx: RequestContext,
      id: string,
      input: ReceivePurchaseOrderInput,
    ): Promise<PurchaseOrderView> {
      const authed = authorize(ctx, 'inventory.receive');
      const requested = input.lines
        ? input.lines.map((line) => ({ variantId: line.variantId, milli: positiveMilli(line) }))
        : null;
      if (requested) assertDistinctItems(requested);
      return db.withTenant(authed, async (tx) => {
        const order = await lockOrder(
          tx,
          authed,
          id,
          ['ordered', 'partially_received'],
          'receiving',
        );
        const rows = await selectOrderLineRows(tx, [id]);
        const byItem = new Map(rows.map((row) => [row.variantId, row]));
        const outstanding = (row: { orderedMilli: number; receivedMilli: number }) =>
          Math.max(0, row.orderedMilli - row.receivedMilli);
        const arriving =
          requested ??
          rows
            .filter((row) => outstanding(row) > 0)
            .map((row) => ({ variantId: row.variantId, milli: outstanding(row) }));
        await assertStockItems(tx, arriving);
        const receipts = arriving.map((line) => {
          const row = byItem.get(line.variantId);
          if (!row)
            throw new AppError(
              'purchase_order.item_not_on_order',
              'This item is not on the purchase order; add it to a new order.',
              { variantId: line.variantId },
            );
          if (line.milli > outstanding(row))
            assertMayReceiveOver(authed, {
              variantId: line.variantId,
              expectedMilli: outstanding(row),
              receivingMilli: line.milli,
            });
          return { ...line, unitCostMinor: row.unitCostMinor };
        });
        await applyMovements(
          tx,
          authed,
          outbox,
          receipts.map((receipt) => ({
            storeId: order.storeId,
            variantId: receipt.variantId,
            kind: 'received' as const,
            quantityMilli: receipt.milli,
            unitCostMinor: receipt.unitCostMinor,
            note: input.note ?? null,
            referenceType: REFERENCE,
            referenceId: id,
          })),
          { untracked: 'refuse' },
        );
        for (const receipt of receipts) await addReceivedToOrder(tx, id, receipt);
        const { open } = await tx.one<{ open: boolean }>(sql`select exists (select 1
          from purchase_order_lines where purchase_order_id = ${id}
            and received_milli < ordered_milli) as open`);
        await tx.execute(sql`update purchase_orders set
            status = ${open ? 'partially_received' : 'received'},
            received_at = case when ${open} then null else now() end
          where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'purchase_order.received',
          targetType: REFERENCE,
          targetId: id,
          storeId: order.storeId,
          after: {
            complete: !open,
            note: input.note ?? null,
            lines: receipts.map((receipt) => ({
              variantId: receipt.variantId,
              quantity: fromMilli(receipt.milli),
              unitCost: receipt.unitCostMinor,
            })),
          },
        });
        return view(tx, id);
      });
    },

    /** Only orders nothing has arrived for; a partly delivered one is closed instead. */
    async cancel(ctx: RequestContext, id: string): Promise<PurchaseOrderView> {
      const authed = authorize(ctx, 'purchasing.manage');
      return db.withTenant(authed, async (tx) => {
        const order = await selectOrderHeader(tx, id, 'for update');
        if (order?.status === 'partially_received') {
          assertStoreAccess(authed.actor, order.storeId);
          throw new AppError(
            'purchase_order.has_receipts',
            'Part of this order has arrived, so it cannot be cancelled; close it instead.',
            { purchaseOrderId: id },
          );
        }
        const before = await lockOrder(tx, authed, id, ['draft', 'ordered'], 'cancelling it');
        await tx.execute(sql`update purchase_orders set status = 'cancelled', cancelled_at = now(),
          cancelled_by = ${actorId(authed.actor)} where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'purchase_order.cancelled',
          targetType: REFERENCE,
          targetId: id,
          storeId: before.storeId,
          before: { status: before.status },
        });
        return view(tx, id);
      });
    },

    /** The supplier will not deliver the rest: keep what arrived, stop expecting the remainder. */
    async close(ctx: RequestContext, id: string): Promise<PurchaseOrderView> {
      const authed = authorize(ctx, 'purchasing.manage');
      return db.withTenant(authed, async (tx) => {
        const order = await selectOrderHeader(tx, id, 'for update');
        if (order?.status === 'ordered') {
          assertStoreAccess(authed.actor, order.storeId);
          throw new AppError(
            'purchase_order.nothing_received',
            'Nothing on this order has arrived; cancel it instead.',
            { purchaseOrderId: id },
          );
        }
        const before = await lockOrder(tx, authed, id, ['partially_received'], 'closing it');
        const current = await view(tx, id);
        await tx.execute(sql`update purchase_orders set status = 'closed', closed_at = now()
          where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'purchase_order.closed',
          targetType: REFERENCE,
          targetId: id,
          storeId: before.storeId,
          after: {
            notDelivered: current.lines
              .filter((line) => line.outstanding > 0)
              .map((line) => ({ variantId: line.variantId, quantity: line.outstanding })),
          },
        });
        return view(tx, id);
      });
    },
  };
}

export type PurchaseOrderService = ReturnType<typeof createPurchaseOrderService>;
