import { type Database, newId, sql, type Tx } from '@tillpoint/db';
import { fromMilli } from '@tillpoint/domain';
import { actorId, type RequestContext, type ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, authorizeStore, storeFilter } from '../identity/authorize.ts';
import {
  assertDistinctItems,
  assertEitherStoreAccess,
  assertMayReceiveOver,
  assertStockItems,
  assertStoreAccess,
  type MilliLine,
  openStore,
  positiveMilli,
} from './document-checks.ts';
import { applyMovements, type MovementInput } from './ledger.ts';
import {
  addReceived,
  replaceTransferLines,
  selectInTransit,
  selectTransferHeader,
  selectTransferLineRows,
  selectTransfers,
  type TransferHeader,
  toLineView,
} from './transfer-queries.ts';
import type {
  CreateTransferInput,
  InTransitItemView,
  ReceiveTransferInput,
  TransferStatus,
  TransferSummaryView,
  TransferView,
  UpdateTransferInput,
} from './transfer-schemas.ts';

// Transfer states: draft -> sent (stock leaves the source: transferred_out) -> partially_received
// / received (stock arrives at the destination: transferred_in, in as many steps as deliveries).
// Cancelling a draft just closes it; cancelling a sent or partly received transfer returns what
// has not arrived to the source (transferred_in there), so nothing stays in transit forever.

const REFERENCE = 'stock_transfer';

function stateError(transfer: TransferHeader, wanted: string): AppError {
  const details = { transferId: transfer.id, status: transfer.status };
  switch (transfer.status) {
    case 'draft':
      return new AppError(
        'stock_transfer.not_sent',
        `This transfer has not been sent; send it before ${wanted}.`,
        details,
      );
    case 'sent':
    case 'partially_received':
      return new AppError(
        'stock_transfer.not_draft',
        `This transfer was sent; ${wanted} is only possible before sending.`,
        details,
      );
    case 'received':
      return new AppError(
        'stock_transfer.already_received',
        'Everything on this transfer has been received.',
        details,
      );
    case 'cancelled':
      return new AppError('stock_transfer.cancelled', 'This transfer was cancelled.', details);
  }
}

function transferLines(lines: readonly { variantId: string; quantity: number }[]): MilliLine[] {
  const converted = lines.map((line) => ({
    variantId: line.variantId,
    milli: positiveMilli(line),
  }));
  assertDistinctItems(converted);
  return converted;
}

export function createTransferService(db: Database, outbox: Outbox) {
  async function lockTransfer(
    tx: Tx,
    id: string,
    allowed: readonly TransferStatus[],
    wanted: string,
    storeOf: (transfer: TransferHeader) => string,
    authed: ServiceContext,
  ): Promise<TransferHeader> {
    const transfer = await selectTransferHeader(tx, id, 'for update');
    if (!transfer) throw notFound('stock_transfer', id);
    assertStoreAccess(authed.actor, storeOf(transfer));
    if (!allowed.includes(transfer.status)) throw stateError(transfer, wanted);
    return transfer;
  }

  async function view(tx: Tx, id: string): Promise<TransferView> {
    const header = await selectTransferHeader(tx, id);
    if (!header) throw notFound('stock_transfer', id);
    const rows = await selectTransferLineRows(tx, id);
    const inTransit = rows.reduce((sum, row) => sum + row.inTransitMilli, 0);
    return { ...header, inTransit: fromMilli(inTransit), lines: rows.map(toLineView) };
  }

  const fromStore = (transfer: TransferHeader) => transfer.fromStoreId;
  const toStore = (transfer: TransferHeader) => transfer.toStoreId;

  return {
    async create(ctx: RequestContext, input: CreateTransferInput): Promise<TransferView> {
      const authed = authorizeStore(ctx, 'inventory.transfer', input.fromStoreId);
      if (input.fromStoreId === input.toStoreId)
        throw new AppError(
          'stock_transfer.same_store',
          'A transfer needs two different stores; use a stock adjustment within one store.',
        );
      const lines = transferLines(input.lines ?? []);
      const id = newId();
      return db.withTenant(authed, async (tx) => {
        await openStore(tx, input.fromStoreId);
        await openStore(tx, input.toStoreId);
        await assertStockItems(tx, lines);
        await tx.execute(sql`insert into stock_transfers (tenant_id, id, from_store_id, to_store_id,
            note, created_by)
          values (${authed.tenantId}, ${id}, ${input.fromStoreId}, ${input.toStoreId},
            ${input.note ?? null}, ${actorId(authed.actor)})`);
        await replaceTransferLines(tx, authed.tenantId, id, lines);
        await recordAudit(tx, authed, {
          action: 'stock_transfer.created',
          targetType: REFERENCE,
          targetId: id,
          storeId: input.fromStoreId,
          after: { ...input, lines: input.lines ?? [] },
        });
        return view(tx, id);
      });
    },

    async list(
      ctx: RequestContext,
      query: {
        storeId?: string;
        direction?: 'outgoing' | 'incoming';
        status?: TransferStatus;
        cursor?: string;
        limit: number;
      },
    ): Promise<{ transfers: TransferSummaryView[]; nextCursor: string | null }> {
      const authed = query.storeId
        ? authorizeStore(ctx, 'inventory.read', query.storeId)
        : authorize(ctx, 'inventory.read');
      const rows = await db.withTenant(authed, async (tx) => {
        if (
          query.storeId &&
          !(await tx.maybeOne(sql`select 1 from stores where id = ${query.storeId}`))
        )
          throw notFound('store', query.storeId);
        return selectTransfers(tx, {
          storeIds: storeFilter(authed.actor),
          ...(query.storeId ? { storeId: query.storeId } : {}),
          ...(query.direction ? { direction: query.direction } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor ? { before: query.cursor } : {}),
          limit: query.limit + 1,
        });
      });
      const page = rows.slice(0, query.limit);
      return {
        transfers: page,
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async get(ctx: RequestContext, id: string): Promise<TransferView> {
      const authed = authorize(ctx, 'inventory.read');
      return db.withTenant(authed, async (tx) => {
        const transfer = await view(tx, id);
        assertEitherStoreAccess(authed.actor, [transfer.fromStoreId, transfer.toStoreId]);
        return transfer;
      });
    },

    async update(
      ctx: RequestContext,
      id: string,
      input: UpdateTransferInput,
    ): Promise<TransferView> {
      const authed = authorize(ctx, 'inventory.transfer');
      const lines = input.lines ? transferLines(input.lines) : null;
      return db.withTenant(authed, async (tx) => {
        const transfer = await lockTransfer(tx, id, ['draft'], 'editing', fromStore, authed);
        if (lines) {
          await assertStockItems(tx, lines);
          await replaceTransferLines(tx, authed.tenantId, id, lines);
        }
        if (input.note !== undefined)
          await tx.execute(sql`update stock_transfers set note = ${input.note} where id = ${id}`);
        else await tx.execute(sql`update stock_transfers set updated_at = now() where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_transfer.updated',
          targetType: REFERENCE,
          targetId: id,
          storeId: transfer.fromStoreId,
          after: input,
        });
        return view(tx, id);
      });
    },

    /** Stock leaves the source now; it is in transit until the destination receives it. */
    async send(ctx: RequestContext, id: string): Promise<TransferView> {
      const authed = authorize(ctx, 'inventory.transfer');
      return db.withTenant(authed, async (tx) => {
        const transfer = await lockTransfer(tx, id, ['draft'], 'sending', fromStore, authed);
        const rows = await selectTransferLineRows(tx, id);
        if (rows.length === 0)
          throw new AppError('stock_transfer.empty', 'Add at least one item before sending.');
        await openStore(tx, transfer.fromStoreId);
        await openStore(tx, transfer.toStoreId);
        await applyMovements(
          tx,
          authed,
          outbox,
          rows.map((row) => ({
            storeId: transfer.fromStoreId,
            variantId: row.variantId,
            kind: 'transferred_out' as const,
            quantityMilli: -row.quantityMilli,
            referenceType: REFERENCE,
            referenceId: id,
          })),
          { untracked: 'refuse' },
        );
        await tx.execute(sql`update stock_transfers set status = 'sent', sent_at = now(),
          sent_by = ${actorId(authed.actor)} where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_transfer.sent',
          targetType: REFERENCE,
          targetId: id,
          storeId: transfer.fromStoreId,
          after: {
            toStoreId: transfer.toStoreId,
            lines: rows.map((row) => ({
              variantId: row.variantId,
              quantity: fromMilli(row.quantityMilli),
            })),
          },
        });
        return view(tx, id);
      });
    },

    /**
     * The destination takes in what arrived. More than is still in transit needs
     * inventory.receive_over; the extra evidently left the source too, so it is taken out there as
     * well (even below zero), keeping both stores' ledgers true.
     */
    async receive(
      ctx: RequestContext,
      id: string,
      input: ReceiveTransferInput,
    ): Promise<TransferView> {
      const authed = authorize(ctx, 'inventory.receive');
      const requested = input.lines ? transferLines(input.lines) : null;
      return db.withTenant(authed, async (tx) => {
        const transfer = await lockTransfer(
          tx,
          id,
          ['sent', 'partially_received'],
          'receiving',
          toStore,
          authed,
        );
        const rows = await selectTransferLineRows(tx, id);
        const byItem = new Map(rows.map((row) => [row.variantId, row]));
        const arriving =
          requested ??
          rows
            .filter((row) => row.inTransitMilli > 0)
            .map((row) => ({ variantId: row.variantId, milli: row.inTransitMilli }));
        await assertStockItems(tx, arriving);
        const receipts = arriving.map((line) => {
          const row = byItem.get(line.variantId);
          if (!row)
            throw new AppError(
              'stock_transfer.item_not_on_transfer',
              'This item was not sent on this transfer.',
              { variantId: line.variantId },
            );
          const extraSentMilli = Math.max(0, line.milli - row.inTransitMilli);
          if (extraSentMilli > 0)
            assertMayReceiveOver(authed, {
              variantId: line.variantId,
              expectedMilli: row.inTransitMilli,
              receivingMilli: line.milli,
            });
          return { variantId: line.variantId, receivedMilli: line.milli, extraSentMilli };
        });
        const movements: MovementInput[] = receipts.flatMap((receipt) => [
          {
            storeId: transfer.toStoreId,
            variantId: receipt.variantId,
            kind: 'transferred_in' as const,
            quantityMilli: receipt.receivedMilli,
            referenceType: REFERENCE,
            referenceId: id,
          },
          ...(receipt.extraSentMilli > 0
            ? [
                {
                  storeId: transfer.fromStoreId,
                  variantId: receipt.variantId,
                  kind: 'transferred_out' as const,
                  quantityMilli: -receipt.extraSentMilli,
                  note: 'More arrived than was sent',
                  referenceType: REFERENCE,
                  referenceId: id,
                },
              ]
            : []),
        ]);
        await applyMovements(tx, authed, outbox, movements, {
          untracked: 'refuse',
          allowNegative: true,
        });
        for (const receipt of receipts) await addReceived(tx, id, receipt);
        const { open } = await tx.one<{ open: boolean }>(sql`select exists (select 1
          from stock_transfer_lines where transfer_id = ${id}
            and received_milli + returned_milli < quantity_milli) as open`);
        await tx.execute(sql`update stock_transfers set
            status = ${open ? 'partially_received' : 'received'},
            received_at = case when ${open} then null else now() end
          where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_transfer.received',
          targetType: REFERENCE,
          targetId: id,
          storeId: transfer.toStoreId,
          after: {
            complete: !open,
            lines: receipts.map((receipt) => ({
              variantId: receipt.variantId,
              quantity: fromMilli(receipt.receivedMilli),
              overSent: fromMilli(receipt.extraSentMilli),
            })),
          },
        });
        return view(tx, id);
      });
    },

    /** Before sending: nothing moved. After: what has not arrived goes back to the source. */
    async cancel(ctx: RequestContext, id: string): Promise<TransferView> {
      const authed = authorize(ctx, 'inventory.transfer');
      return db.withTenant(authed, async (tx) => {
        const transfer = await lockTransfer(
          tx,
          id,
          ['draft', 'sent', 'partially_received'],
          'cancelling',
          fromStore,
          authed,
        );
        const rows = await selectTransferLineRows(tx, id);
        const returning = rows.filter((row) => row.inTransitMilli > 0);
        await applyMovements(
          tx,
          authed,
          outbox,
          returning.map((row) => ({
            storeId: transfer.fromStoreId,
            variantId: row.variantId,
            kind: 'transferred_in' as const,
            quantityMilli: row.inTransitMilli,
            note: 'Transfer cancelled: not received, back at the source',
            referenceType: REFERENCE,
            referenceId: id,
          })),
          { untracked: 'refuse' },
        );
        await tx.execute(sql`update stock_transfer_lines
          set returned_milli = quantity_milli - received_milli
          where transfer_id = ${id} and ${transfer.status !== 'draft'}`);
        await tx.execute(sql`update stock_transfers set status = 'cancelled', cancelled_at = now(),
          cancelled_by = ${actorId(authed.actor)} where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'stock_transfer.cancelled',
          targetType: REFERENCE,
          targetId: id,
          storeId: transfer.fromStoreId,
          before: { status: transfer.status },
          after: {
            returned: returning.map((row) => ({
              variantId: row.variantId,
              quantity: fromMilli(row.inTransitMilli),
            })),
          },
        });
        return view(tx, id);
      });
    },

    async inTransit(
      ctx: RequestContext,
      query: { storeId?: string; variantId?: string },
    ): Promise<InTransitItemView[]> {
      const authed = query.storeId
        ? authorizeStore(ctx, 'inventory.read', query.storeId)
        : authorize(ctx, 'inventory.read');
      return db.withTenant(authed, async (tx) => {
        if (
          query.storeId &&
          !(await tx.maybeOne(sql`select 1 from stores where id = ${query.storeId}`))
        )
          throw notFound('store', query.storeId);
        if (
          query.variantId &&
          !(await tx.maybeOne(sql`select 1 from variants where id = ${query.variantId}`))
        )
          throw notFound('variant', query.variantId);
        return selectInTransit(tx, { storeIds: storeFilter(authed.actor), ...query });
      });
    },
  };
}
