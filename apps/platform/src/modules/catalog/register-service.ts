import { type Database, sql, type Tx } from '@tillpoint/db';
import {
  barcodeLookupKey,
  isCatalogError,
  normalizePlu,
  readEmbeddedBarcode,
} from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, authorizeStore } from '../identity/authorize.ts';
import { selectBarcodeRules } from './barcode-rule-queries.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { selectChangedItems, selectItemByBarcode, selectItemByPlu } from './item-queries.ts';
import type { ChangesPageView, LookupResultView } from './register-schemas.ts';

export interface LookupInput {
  readonly barcode?: string | undefined;
  readonly plu?: string | undefined;
  readonly storeId?: string | undefined;
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** A PIN session on a paired register prices for that register's store unless told otherwise. */
function defaultStore(ctx: ServiceContext): string | null {
  const { actor } = ctx;
  if (actor.type === 'user') return actor.device?.storeId ?? null;
  if (actor.type === 'device') return actor.device.storeId;
  return null;
}

async function assertStoreExists(tx: Tx, storeId: string): Promise<void> {
  if (!(await tx.maybeOne(sql`select 1 from stores where id = ${storeId}`)))
    throw notFound('store', storeId);
}

function pluOrNull(text: string): string | null {
  try {
    return normalizePlu(text);
  } catch (error) {
    if (isCatalogError(error)) return null;
    throw error;
  }
}

function barcodeNotFound(code: string): AppError {
  return new AppError('barcode.not_found', `No item has the code ${code}.`, { code });
}

/** What a register asks of the catalog: scan a code, and keep its offline copy current. */
export function createRegisterService(db: Database) {
  return {
    async lookup(ctx: RequestContext, input: LookupInput): Promise<LookupResultView> {
      const authed = authorize(ctx, 'catalog.read');
      const ownStore = defaultStore(authed);
      const storeId = input.storeId ?? ownStore;
      if (storeId) authorizeStore(ctx, 'catalog.read', storeId);
      // A register's own store is known to exist (its token says so): one query less per scan.
      const checkStore = storeId !== null && storeId !== ownStore;
      const code = (input.barcode ?? input.plu ?? '').trim();
      if (!code || (input.barcode !== undefined) === (input.plu !== undefined)) {
        throw new AppError('validation.failed', 'Give either barcode or plu.');
      }
      return db.withTenant(authed, async (tx) => {
        if (checkStore) await assertStoreExists(tx, storeId);
        if (input.plu !== undefined) {
          const plu = pluOrNull(code);
          const item = plu ? await selectItemByPlu(tx, plu, storeId) : null;
          if (!item) throw barcodeNotFound(code);
          return { item, embedded: null };
        }
        // A code registered as-is wins over reading it as a price/weight label.
        const exact = await selectItemByBarcode(tx, barcodeLookupKey(code), storeId);
        if (exact) return { item: exact, embedded: null };
        const reading = readEmbeddedBarcode(code, await selectBarcodeRules(tx));
        const plu = reading ? pluOrNull(reading.itemCode) : null;
        const item = reading && plu ? await selectItemByPlu(tx, plu, storeId) : null;
        if (!reading || !item) throw barcodeNotFound(code);
        return {
          item,
          embedded:
            reading.valueKind === 'price'
              ? { kind: 'price', priceMinor: reading.value }
              : { kind: 'weight', quantityMilli: reading.value },
        };
      });
    },

    async changes(
      ctx: RequestContext,
      input: { storeId: string; cursor?: string | undefined; limit: number },
    ): Promise<ChangesPageView> {
      const authed = authorizeStore(ctx, 'catalog.read', input.storeId);
      const after = input.cursor
        ? decodeCursor(input.cursor, 'change')
        : { by: 'change' as const, xid: '0', id: ZERO_UUID };
      return db.withTenant(authed, async (tx) => {
        await assertStoreExists(tx, input.storeId);
        const rows = await selectChangedItems(tx, input.storeId, after, input.limit + 1);
        const page = rows.slice(0, input.limit);
        const last = page.at(-1);
        return {
          items: page.map((row) => row.item),
          hasMore: rows.length > input.limit,
          // Nothing new: hand the same position back, never one past work not yet visible.
          nextCursor: encodeCursor(
            last
              ? { by: 'change', xid: last.xid, id: last.item.variantId }
              : { by: 'change', xid: after.xid, id: after.id },
          ),
        };
      });
    },
  };
}
