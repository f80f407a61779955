// What the server holds, read as the back office reads it (owner session, public API).
import { ok, type TillpointClient } from '@tillpoint/api-client';

/** How many times each sale id appears among the register's sales (every page of the list). */
export async function salesOfRegister(
  owner: TillpointClient,
  registerId: string,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let cursor: string | undefined;
  // Bounded: 500 pages of 200 covers any run of this benchmark many times over.
  for (let page = 0; page < 500; page += 1) {
    const list = await ok(
      owner.api.GET('/api/v1/sales', {
        params: { query: { registerId, limit: 200, ...(cursor === undefined ? {} : { cursor }) } },
      }),
    );
    for (const sale of list.sales) seen.set(sale.id, (seen.get(sale.id) ?? 0) + 1);
    if (list.nextCursor === null || list.sales.length === 0) break;
    cursor = list.nextCursor;
  }
  return seen;
}

/** The sale's status on the server, or null while the server does not have it. */
export async function saleStatus(owner: TillpointClient, saleId: string): Promise<string | null> {
  const { data, response } = await owner.api.GET('/api/v1/sales/{id}', {
    params: { path: { id: saleId } },
  });
  if (response.status === 404) return null;
  if (!data) throw new Error(`GET /sales/${saleId} answered ${response.status}`);
  return data.status;
}

/** Checks that every id is on the server exactly once, completed. Returns a problem or null. */
export async function checkExactlyOnce(
  owner: TillpointClient,
  registerId: string,
  ids: readonly string[],
): Promise<string | null> {
  const seen = await salesOfRegister(owner, registerId);
  const missing = ids.filter((id) => !seen.has(id));
  const doubled = ids.filter((id) => (seen.get(id) ?? 0) > 1);
  if (missing.length > 0 || doubled.length > 0)
    return `${missing.length} missing, ${doubled.length} listed more than once`;
  return null;
}
