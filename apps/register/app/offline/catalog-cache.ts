// The register's offline catalog: kept current from the delta feed, read by scans and search.
export type { EmbeddedValue, ScanMatch } from './catalog-lookup.ts';
export { cachedVariantCount, lookupBarcode, lookupPlu } from './catalog-lookup.ts';
export { searchCatalog } from './catalog-search.ts';
export type { SettingsKey, SyncOptions, SyncResult } from './catalog-sync.ts';
export { resetCatalog, syncCatalog } from './catalog-sync.ts';
