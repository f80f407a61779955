import { sql, type Tx } from '@tillpoint/db';
import { fromMilli } from '@tillpoint/domain';
import type { MilliLine } from './document-checks.ts';
import type {
  InTransitItemView,
  TransferLineView,
  TransferStatus,
  TransferSummaryView,
  TransferView,
} from './transfer-schemas.ts';

const headerColumns = sql`t.id, t.from_store_id as "fromStoreId", t.to_store_id as "toStoreId",
  t.status, t.note, t.created_by as "createdBy", to_json(t.created_at) #>> '{}' as "createdAt",
  to_json(t.sent_at) #>> '{}' as "sentAt", t.sent_by as "sentBy",
  to_json(t.received_at) #>> '{}' as "receivedAt", to_json(t.cancelled_at) #>> '{}' as "cancelledAt",
  t.cancelled_by as "cancelledBy", to_json(t.updated_at) #>> '{}' as "updatedAt"`;

// Only a sent transfer has anything on the road; the remainder of a cancelled one went back.
const inTransitMilli = sql`case when t.status in ('sent', 'partially_received')
  then l.quantity_milli - l.received_milli - l.returned_milli else 0 end`;

export type TransferHeader = Omit<TransferView, 'lines' | 'inTransit'>;

export function selectTransferHeader(
  tx: Tx,
  id: string,
  lock: 'for update' | 'none' = 'none',
): Promise<TransferHeader | null> {
  return tx.maybeOne<TransferHeader>(sql`select ${headerColumns} from stock_transfers t
    where t.id = ${id} ${lock === 'for update' ? sql`for update` : sql.empty}`);
}

export interface TransferLineRow {
  readonly variantId: string;
  readonly quantityMilli: number;
  readonly receivedMilli: number;
  readonly returnedMilli: number;
  readonly inTransitMilli: number;
}

export function selectTransferLineRows(tx: Tx, id: string): Promise<TransferLineRow[]> {
  return tx.query<TransferLineRow>(sql`select l.variant_id as "variantId",
      l.quantity_milli as "quantityMilli", l.received_milli as "receivedMilli",
      l.returned_milli as "returnedMilli", ${inTransitMilli} as "inTransitMilli"
    from stock_transfer_lines l join stock_transfers t on t.id = l.transfer_id
    where l.transfer_id = ${id} order by l.variant_id`);
}

export function toLineView(row: TransferLineRow): TransferLineView {
  return {
    variantId: row.variantId,
    quantity: fromMilli(row.quantityMilli),
    received: fromMilli(row.receivedMilli),
    returned: fromMilli(row.returnedMilli),
    inTransit: fromMilli(row.inTransitMilli),
  };
}

export async function replaceTransferLines(
  tx: Tx,
  tenantId: string,
  id: string,
  lines: readonly MilliLine[],
): Promise<void> {
  await tx.execute(sql`delete from stock_transfer_lines where transfer_id = ${id}`);
  if (lines.length === 0) return;
  const rows = lines.map((line) => sql`(${line.variantId}::uuid, ${line.milli}::bigint)`);
  await tx.execute(sql`insert into stock_transfer_lines (tenant_id, transfer_id, variant_id,
      quantity_milli)
    select ${tenantId}, ${id}, l.variant_id, l.quantity from (values ${sql.join(rows)})
      as l (variant_id, quantity)`);
}

/** Adds to a line's received quantity (and to what was sent, for an accepted over-receipt). */
export async function addReceived(
  tx: Tx,
  id: string,
  line: { variantId: string; receivedMilli: number; extraSentMilli: number },
): Promise<void> {
  await tx.execute(sql`update stock_transfer_lines set
      quantity_milli = quantity_milli + ${line.extraSentMilli},
      received_milli = received_milli + ${line.receivedMilli}
    where transfer_id = ${id} and variant_id = ${line.variantId}`);
}

export function selectTransfers(
  tx: Tx,
  filter: {
    storeIds: readonly string[] | null;
    storeId?: string;
    direction?: 'outgoing' | 'incoming';
    status?: TransferStatus;
    before?: string;
    limit: number;
  },
): Promise<TransferSummaryView[]> {
  const storeId = filter.storeId ?? null;
  const outgoing = filter.direction !== 'incoming';
  const incoming = filter.direction !== 'outgoing';
  return tx.query<TransferSummaryView>(sql`select ${headerColumns},
      (select count(*)::int from stock_transfer_lines l where l.transfer_id = t.id) as "lineCount",
      coalesce((select sum(${inTransitMilli}) from stock_transfer_lines l
        where l.transfer_id = t.id), 0)::float8 / 1000 as "inTransit"
    from stock_transfers t
    where (${filter.storeIds === null} or t.from_store_id = any(${filter.storeIds ?? []}::uuid[])
        or t.to_store_id = any(${filter.storeIds ?? []}::uuid[]))
      and (${storeId}::uuid is null
        or (${outgoing} and t.from_store_id = ${storeId}::uuid)
        or (${incoming} and t.to_store_id = ${storeId}::uuid))
      and (${filter.status ?? null}::text is null or t.status = ${filter.status ?? null}::text)
      and (${filter.before ?? null}::uuid is null or t.id < ${filter.before ?? null}::uuid)
    order by t.id desc limit ${filter.limit}`);
}

/** What is on the road, per item and pair of stores, for the stores the reader works in. */
export async function selectInTransit(
  tx: Tx,
  filter: { storeIds: readonly string[] | null; storeId?: string; variantId?: string },
): Promise<InTransitItemView[]> {
  const rows = await tx.query<{
    variantId: string;
    fromStoreId: string;
    toStoreId: string;
    quantityMilli: number;
    transfers: number;
  }>(sql`select l.variant_id as "variantId", t.from_store_id as "fromStoreId",
      t.to_store_id as "toStoreId", sum(${inTransitMilli})::bigint as "quantityMilli",
      count(*)::int as transfers
    from stock_transfer_lines l join stock_transfers t on t.id = l.transfer_id
    where t.status in ('sent', 'partially_received')
      and l.quantity_milli > l.received_milli + l.returned_milli
      and (${filter.storeIds === null} or t.from_store_id = any(${filter.storeIds ?? []}::uuid[])
        or t.to_store_id = any(${filter.storeIds ?? []}::uuid[]))
      and (${filter.storeId ?? null}::uuid is null or ${filter.storeId ?? null}::uuid in
        (t.from_store_id, t.to_store_id))
      and (${filter.variantId ?? null}::uuid is null or l.variant_id = ${filter.variantId ?? null}::uuid)
    group by l.variant_id, t.from_store_id, t.to_store_id
    order by l.variant_id, t.from_store_id, t.to_store_id`);
  return rows.map(({ quantityMilli, ...row }) => ({ ...row, quantity: fromMilli(quantityMilli) }));
}
