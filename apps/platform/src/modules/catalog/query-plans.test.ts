import { compile, type SqlFragment, type Tx } from '@tillpoint/db';
import { connectAsAppRole, connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { selectChangedItems, selectItemByBarcode } from './item-queries.ts';
import { listProductsByName, type ProductSearch, searchProductsByRank } from './search-queries.ts';
import { selectTakenSkus } from './variant-queries.ts';

// Under row-level security PostgreSQL only turns LEAKPROOF comparisons into index conditions
// (lower(), LIKE, trigram and jsonb operators are not). These tests run the real queries as the
// app role and check that each search condition is an Index Cond, not a filter over the tenant's
// whole catalog. The tenant gets a few thousand generated variants and fresh statistics so the
// planner weighs the indexes as it would on a real catalog.

let t: TestApp;
let app: pg.Client;
let retailer: Retailer;

/** A Tx that returns each query's plan lines instead of its rows. */
function planOf(run: (tx: Tx) => Promise<unknown>): Promise<string> {
  let plan = '';
  const tx: Tx = {
    async query<Row>(query: SqlFragment): Promise<Row[]> {
      const { text, values } = compile(query);
      const { rows } = await app.query<{ 'QUERY PLAN': string }>({
        text: `explain (costs off) ${text}`,
        values,
      });
      plan += `${rows.map((row) => row['QUERY PLAN']).join('\n')}\n`;
      return [];
    },
    async one<Row>(query: SqlFragment) {
      await this.query(query);
      return {} as Row;
    },
    async maybeOne<Row>(query: SqlFragment) {
      await this.query<Row>(query);
      return null;
    },
    async execute() {
      return 0;
    },
    afterCommit() {},
  };
  return (async () => {
    await app.query('begin');
    try {
      await app.query("select set_config('app.tenant_id', $1, true)", [retailer.tenantId]);
      await run(tx);
      return plan;
    } finally {
      await app.query('rollback');
    }
  })();
}

/** The Index Cond lines of the plan that scan this index. */
function indexConditions(plan: string, index: string): string {
  const lines = plan.split('\n');
  return lines
    .flatMap((line, i) =>
      line.includes(`using ${index}`) || line.includes(`on ${index}`)
        ? lines.slice(i + 1, i + 3).filter((next) => next.includes('Index Cond'))
        : [],
    )
    .join('\n');
}

const search: ProductSearch = {
  q: null,
  sku: null,
  categoryIds: null,
  attributes: [],
  includeArchived: false,
  limit: 51,
};

beforeAll(async () => {
  t = await createTestApp();
  app = await connectAsAppRole();
  retailer = await signUpRetailer(t.app, 'Plan Checkers');
  const owner = await connectAsOwner();
  try {
    await owner.query(
      `with p as (
         insert into products (tenant_id, name) select $1, 'Generated ' || n
         from generate_series(1, 1000) n returning id
       )
       insert into variants (tenant_id, product_id, sku, option_values, price_minor)
       select $1, p.id, 'GEN-' || p.id || '-' || s, array[s], 100
       from p, unnest(array['S', 'M', 'L']) s`,
      [retailer.tenantId],
    );
    await owner.query(
      `insert into variant_barcodes (tenant_id, variant_id, code, kind, lookup_key)
       select tenant_id, id, 'B' || id, 'internal', 'B' || id from variants where tenant_id = $1`,
      [retailer.tenantId],
    );
    await owner.query('analyze products; analyze variants; analyze variant_barcodes');
  } finally {
    await owner.end();
  }
});
afterAll(async () => {
  await app.end();
  await t.close();
});

describe('catalog queries use their indexes as the app role', () => {
  it('barcode lookup: the barcode key', async () => {
    const plan = await planOf((tx) => selectItemByBarcode(tx, '04006381333931', null));
    expect(indexConditions(plan, 'variant_barcodes_pkey')).toContain('lookup_key =');
  });

  it('SKU clash check: the case-insensitive SKU key', async () => {
    const plan = await planOf((tx) => selectTakenSkus(tx, ['ABC-1'], null));
    expect(indexConditions(plan, 'variants_sku_key')).toContain('sku_key =');
  });

  it('SKU prefix search: a range on the SKU key', async () => {
    const plan = await planOf((tx) =>
      searchProductsByRank(tx, 'abc', { ...search, q: 'abc' }, null),
    );
    expect(indexConditions(plan, 'variants_sku_key')).toContain('sku_key ~>=~');
  });

  it('listing by name: the cursor starts the index scan', async () => {
    const plan = await planOf((tx) =>
      listProductsByName(tx, search, { name: 'm', id: '01900000-0000-7000-8000-000000000000' }),
    );
    expect(indexConditions(plan, 'products_name_order_idx')).toContain('sort_name');
  });

  it('delta feed: the (change_xid, id) cursor', async () => {
    // A register polling with its last cursor: few rows are newer. (From the very first cursor
    // every row qualifies, and whether a scan plus sort wins then depends on statistics that
    // other test files change by loading catalogs into the same database.)
    const owner = await connectAsOwner();
    const { rows } = await owner
      .query<{ xid: string | null }>(
        `select max(change_xid)::text as xid from variants where tenant_id = $1`,
        [retailer.tenantId],
      )
      .finally(() => owner.end());
    expect(rows[0]?.xid).toBeTruthy();
    const plan = await planOf((tx) =>
      selectChangedItems(
        tx,
        retailer.storeId,
        { xid: rows[0]?.xid ?? '', id: '01900000-0000-7000-8000-000000000000' },
        500,
      ),
    );
    expect(indexConditions(plan, 'variants_change_idx')).toMatch(/change_xid.*id/);
  });
});
