// Helpers for the tax and sales-settings tests: rates, tax categories and their sets through the
// API, and checks made as the migration owner (no RLS) so a test sees what is really stored.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import type { Caller, Response } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';
import type { TaxCategoryView } from '../catalog/taxonomy-schemas.ts';
import type { CategoryRatesView } from './category-rate-schemas.ts';
import type { TaxRateView } from './rate-schemas.ts';

// Stores are made as the inventory tests make them.
export { createStore } from '../inventory/test-support.ts';

export const api = (path: string) => `/api/v1${path}`;

const tag = () => randomBytes(3).toString('hex').toUpperCase();

export async function createRate(
  caller: Caller,
  ratePpm: number,
  options: { code?: string; compound?: boolean } = {},
): Promise<TaxRateView> {
  const response = await caller.post<TaxRateView>(api('/tax-rates'), {
    code: options.code ?? `R-${tag()}`,
    name: `Rate ${ratePpm}`,
    ratePpm,
    ...(options.compound === undefined ? {} : { compound: options.compound }),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function createTaxCategory(
  caller: Caller,
  options: { code?: string; isDefault?: boolean } = {},
): Promise<TaxCategoryView> {
  const code = options.code ?? `TC-${tag()}`;
  const response = await caller.post<TaxCategoryView>(api('/catalog/tax-categories'), {
    name: `Category ${code}`,
    code,
    ...(options.isDefault === undefined ? {} : { isDefault: options.isDefault }),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export function putRates(
  caller: Caller,
  taxCategoryId: string,
  rateIds: readonly string[],
  storeId?: string | null,
): Promise<Response<CategoryRatesView>> {
  return caller.put<CategoryRatesView>(api(`/tax-categories/${taxCategoryId}/rates`), {
    ...(storeId === undefined ? {} : { storeId }),
    rateIds,
  });
}

export async function setRates(
  caller: Caller,
  taxCategoryId: string,
  rateIds: readonly string[],
  storeId?: string | null,
): Promise<CategoryRatesView> {
  const response = await putRates(caller, taxCategoryId, rateIds, storeId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** A one-variant product in the tax category (none: null); returns the variant id. */
export async function createVariant(caller: Caller, taxCategoryId: string | null): Promise<string> {
  const sku = `TAX-${tag()}`;
  const response = await caller.post<{ variants: { id: string }[] }>(api('/catalog/products'), {
    name: `Taxed item ${sku}`,
    ...(taxCategoryId ? { taxCategoryId } : {}),
    variants: [{ sku, priceMinor: 1000 }],
  });
  const [variant] = response.body.variants ?? [];
  if (response.status !== 201 || !variant)
    throw new Error(`create product failed: ${JSON.stringify(response.body)}`);
  return variant.id;
}

// The tenants row carries the sales settings; only those columns are compared (updated_at of a
// tenant may move for reasons of its own).
/** Refusals write nothing to the tax tables nor the tenant's sales settings. */
export const { fingerprint, expectRefusedWithoutTrace } = refusalChecks({
  ...wholeRows(['tax_rates', 'tax_category_rates', 'tax_categories', 'audit_events'], []),
  tenants: `select jsonb_build_array(tax_mode, tax_rounding, rounding_mode, cash_increment_minor,
      refund_destination, discount_limits) as r from tenants where id = $1`,
});

export interface AuditRow {
  action: string;
  target_id: string;
  store_id: string | null;
  before: unknown;
  after: unknown;
}

/** Audit events of the tenant for the target, oldest first. */
export async function auditOf(owner: pg.Client, targetId: string): Promise<AuditRow[]> {
  const { rows } = await owner.query<AuditRow>(
    `select action, target_id, store_id, before, after from audit_events
     where target_id = $1 order by seq`,
    [targetId],
  );
  return rows;
}
