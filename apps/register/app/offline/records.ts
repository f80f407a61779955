import type {
  BarcodeRule,
  CatalogItem,
  SaleFlag,
  SalesSettings,
  StoreInfo,
  SubmitBody,
  TaxTable,
} from '../api-types.ts';

// What the register keeps in IndexedDB, one type per stored record.

/** A sellable variant as the delta feed gave it (priced for the paired store), plus index keys. */
export interface CachedVariant extends Omit<CatalogItem, 'variantId' | 'archived' | 'unit'> {
  readonly id: string;
  readonly unit: 'each' | 'weight';
  /** Index `barcodes`: each code as given and under the server's lookup key (GTIN-14). */
  readonly barcodeKeys: readonly string[];
  /** Index `sku`: lower-cased, as SKUs are unique per tenant case-insensitively. */
  readonly skuKey: string;
  /** Index `words`: the folded words of the name (see words.ts). */
  readonly words: readonly string[];
  /** Index `plu`: the canonical PLU (no leading zeros), absent when the variant has none. */
  readonly pluKey?: string;
}

export type OutboxState = 'pending' | 'attention';

export interface OutboxError {
  /** HTTP status; 0 when the server was not reached. */
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** A sale made on this register, kept until the server has acknowledged it. */
export interface OutboxEntry {
  /** Replay order: the order the sales were made in. */
  readonly seq: number;
  readonly saleId: string;
  /** The exact POST /api/v1/sales/submit body; replays must send the same bytes' meaning. */
  readonly body: SubmitBody;
  /** PIN-session token of the cashier who made the sale: the server records who sold. */
  readonly token: string;
  /**
   * Who made the sale: a newer session of this user may replace the token, nobody else's may.
   * Absent on entries written before the register recorded it: the seller is then unknown.
   */
  readonly userId?: string;
  /** That cashier's name when the sale was made, for the screen ("sign in as ..."). */
  readonly userName?: string;
  /**
   * Set when the cashier had signed in offline (token is then empty): the device sends the sale
   * naming its cashier until that cashier signs in online and the entry takes their token.
   */
  readonly offlineSignIn?: { readonly signedInAt: string };
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Failed sends so far (drives the back-off). */
  readonly attempts: number;
  /** Epoch milliseconds before which the background replay leaves the entry alone. */
  readonly nextAttemptAt: number;
  readonly state: OutboxState;
  readonly lastError?: OutboxError;
}

export type NewOutboxEntry = Omit<OutboxEntry, 'seq'>;

/** The server's answer to a replayed sale, kept for the screen ("synced, flagged: ..."). */
export interface SyncedSale {
  readonly saleId: string;
  readonly seq: number;
  /** The answer's HTTP status: 201 created, or 200 when the sale id already held this sale. */
  readonly status: number;
  /**
   * The server had already handled this request (an earlier send lost its answer); the
   * Idempotency-Key layer then repeats the first answer, 201 included.
   */
  readonly replayed: boolean;
  readonly receiptNumber: number | null;
  readonly totalMinor: number;
  readonly flags: readonly SaleFlag[];
  /** Epoch milliseconds. */
  readonly syncedAt: number;
}

export interface CatalogCursor {
  /** Prices are per store: a cursor (and the cache) only holds for the store it was read for. */
  readonly storeId: string;
  readonly cursor: string;
}

/** The `meta` store: one typed value per key. */
export interface MetaValues {
  catalogCursor: CatalogCursor;
  taxTable: TaxTable;
  salesSettings: SalesSettings;
  barcodeRules: readonly BarcodeRule[];
  storeInfo: StoreInfo;
  /** Epoch milliseconds of the last sync that caught up with the feed. */
  lastFullSyncAt: number;
  /** Most recent first, at most SYNCED_LOG_LIMIT. */
  synced: readonly SyncedSale[];
}

export type MetaKey = keyof MetaValues;

export const SYNCED_LOG_LIMIT = 200;

/** Prepends to the synced log, once per sale, keeping the newest SYNCED_LOG_LIMIT. */
export function appendSynced(
  log: readonly SyncedSale[] | undefined,
  record: SyncedSale,
): SyncedSale[] {
  const rest = (log ?? []).filter((entry) => entry.saleId !== record.saleId);
  return [record, ...rest].slice(0, SYNCED_LOG_LIMIT);
}
