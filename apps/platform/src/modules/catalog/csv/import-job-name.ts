/** The background job that checks and imports one uploaded catalog CSV. */
export const CATALOG_IMPORT_JOB = 'catalog.import';

/** Deterministic (tenant:entity:action), so queueing the same import twice runs it once. */
export function importJobId(tenantId: string, importId: string): string {
  return `${tenantId}:${importId}:catalog-import`;
}
