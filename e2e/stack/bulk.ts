// Fills a tenant's catalog with many one-variant products at once, for the register's
// 100,000-variant benchmark. Plain SQL as the migration owner: going through the API would make
// the benchmark's setup take longer than the benchmark. Rows carry the tenant id explicitly and
// the catalog triggers still stamp change_xid, so the delta feed serves them like any others.
import { gtin14, withCheckDigit } from '@tillpoint/domain';
import pg from 'pg';

export interface BulkResult {
  readonly inserted: number;
  readonly ms: number;
}

const BATCH = 5_000;

/** Inserts `count` products (one variant and one EAN-13 each) into the tenant's catalog. */
export async function seedBulkVariants(
  ownerUrl: string,
  tenantId: string,
  count: number,
): Promise<BulkResult> {
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000)
    throw new RangeError(`count must be 1..1000000 (got ${count})`);
  const started = performance.now();
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Numbers continue after earlier bulk runs, so SKUs and barcodes never collide.
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from variants where tenant_id = $1 and sku like 'BULK-%'`,
      [tenantId],
    );
    const first = (rows[0]?.n ?? 0) + 1;
    for (let offset = 0; offset < count; offset += BATCH) {
      const size = Math.min(BATCH, count - offset);
      const names: string[] = [];
      const skus: string[] = [];
      const prices: number[] = [];
      const codes: string[] = [];
      const keys: string[] = [];
      for (let i = 0; i < size; i += 1) {
        const n = first + offset + i;
        names.push(`Bulk item ${n}`);
        skus.push(`BULK-${n}`);
        // Prices spread over 0.05 .. 99.99 so sorting and totals see varied amounts.
        prices.push(5 + ((n * 7919) % 9995));
        // GS1 prefix 0999 is not given to companies: no clash with the shelf's real-looking codes.
        const code = withCheckDigit(`0999${String(n).padStart(8, '0')}`);
        codes.push(code);
        keys.push(gtin14(code));
      }
      await client.query(
        `with input as materialized (
           select uuid_v7() as product_id, uuid_v7() as variant_id, name, sku, price, code, key
           from unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
             as t(name, sku, price, code, key)
         ), products_in as (
           insert into products (tenant_id, id, name, track_stock)
           select $1, product_id, name, false from input
         ), variants_in as (
           insert into variants (tenant_id, id, product_id, sku, price_minor)
           select $1, variant_id, product_id, sku, price from input
         )
         insert into variant_barcodes (tenant_id, variant_id, code, kind, lookup_key)
         select $1, variant_id, code, 'ean13', key from input`,
        [tenantId, names, skus, prices, codes, keys],
      );
    }
  } finally {
    await client.end();
  }
  return { inserted: count, ms: Math.round(performance.now() - started) };
}
