import {
  addStaff,
  Caller,
  pairDevice,
  pinSignIn,
  signIn,
  TEST_PASSWORD,
  type TestApp,
  uniqueEmail,
} from '@tillpoint/platform/testing';
import { expect } from 'vitest';
import type { SalesSettings, TaxTable } from '../api-types.ts';
import type { CachedVariant, CartCustomer } from './cart.ts';
import { type SaleContext, saleContextOf } from './context.ts';

// A retailer on the REAL platform set up the way a register finds it: tax rates and categories,
// products, a paired register with its cashier signed in and the drawer open, a tax-exempt
// customer, and what the register caches (tax table, settings, catalog). Tests that hold the
// register's figures against the platform's start here.

export const api = (path: string) => `/api/v1${path}`;
export const tag = () => Math.random().toString(36).slice(2, 8).toUpperCase();

export interface ShopSpec {
  readonly businessName?: string;
  readonly currency: string;
  readonly country: string;
  readonly timezone: string;
  /** PATCH /settings/sales before anything else (omitted: the country's defaults). */
  readonly settings?: Record<string, unknown>;
  /** Store details printed on receipts (PATCH /stores/{id}). */
  readonly store?: Record<string, unknown>;
  /** Per tax category: its rates (the first category is the default). */
  readonly categories: readonly (readonly {
    ratePpm: number;
    compound?: boolean;
    name?: string;
  }[])[];
  /** Price, unit and tax category (index into categories, null: the default). */
  readonly products: readonly {
    priceMinor: number;
    unit?: 'each' | 'weight';
    category?: number;
  }[];
}

export interface Shop {
  readonly storeId: string;
  /** The paired register's device token (what calls before a cashier signs in use). */
  readonly device: Caller;
  readonly registerId: string;
  readonly till: Caller;
  readonly context: SaleContext;
  readonly variants: readonly CachedVariant[];
  readonly exemptCustomer: CartCustomer;
  readonly approval: () => Promise<string | undefined>;
}

export async function created<T>(
  call: Promise<{ status: number; body: T }>,
  status = 201,
): Promise<T> {
  const response = await call;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

/** A retailer with a paired register, the cashier signed in on it and the drawer open. */
export async function openShop(t: TestApp, spec: ShopSpec): Promise<Shop> {
  const email = uniqueEmail('owner');
  const signup = await created(
    new Caller(t.app).post<{ storeId: string }>(api('/signup'), {
      businessName: spec.businessName ?? `Agreement ${spec.currency}`,
      ownerName: 'Pat Owner',
      email,
      password: TEST_PASSWORD,
      country: spec.country,
      currency: spec.currency,
      timezone: spec.timezone,
    }),
  );
  const session = await signIn(t.app, email, TEST_PASSWORD);
  if (!session.caller) throw new Error('owner sign-in failed');
  const owner = session.caller;
  const { storeId } = signup;
  if (spec.settings) await created(owner.patch(api('/settings/sales'), spec.settings), 200);
  if (spec.store) await created(owner.patch(api(`/stores/${storeId}`), spec.store), 200);

  const categoryIds: string[] = [];
  for (const [index, rates] of spec.categories.entries()) {
    const rateIds: string[] = [];
    for (const rate of rates) {
      const created_ = await created(
        owner.post<{ id: string }>(api('/tax-rates'), {
          code: `R-${tag()}`,
          name: rate.name ?? `Rate ${rate.ratePpm}`,
          ratePpm: rate.ratePpm,
          ...(rate.compound ? { compound: true } : {}),
        }),
      );
      rateIds.push(created_.id);
    }
    const category = await created(
      owner.post<{ id: string }>(api('/catalog/tax-categories'), {
        name: `Category ${tag()}`,
        code: `C-${tag()}`,
        isDefault: index === 0,
      }),
    );
    await created(owner.put(api(`/tax-categories/${category.id}/rates`), { rateIds }), 200);
    categoryIds.push(category.id);
  }
  for (const product of spec.products) {
    const categoryId = product.category === undefined ? null : categoryIds[product.category];
    await created(
      owner.post(api('/catalog/products'), {
        name: `Item ${tag()}`,
        unit: product.unit ?? 'each',
        trackStock: false,
        ...(categoryId ? { taxCategoryId: categoryId } : {}),
        variants: [{ sku: `AG-${tag()}`, priceMinor: product.priceMinor }],
      }),
    );
  }

  const retailer = { tenantId: '', storeId, ownerId: '', ownerEmail: email, owner };
  const manager = await addStaff(t.app, retailer, 'manager');
  const cashier = await addStaff(t.app, retailer, 'cashier', { storeIds: [storeId] });
  const paired = await pairDevice(t.app, manager.caller, storeId);
  const till = await pinSignIn(t.app, paired.device, cashier.id, cashier.pin);
  await created(
    till.post(api(`/registers/${paired.registerId}/cash-sessions`), { counts: { '2000': 5 } }),
  );
  const customer = await created(
    owner.post<{ id: string; name: string }>(api('/customers'), {
      name: `Exempt ${tag()}`,
      taxExempt: true,
      taxExemptReference: 'EXEMPT-1',
    }),
  );

  // What the register caches: its store's tax table, the sales settings and the catalog feed.
  const taxTable = await created(till.get<TaxTable>(api(`/stores/${storeId}/tax-table`)), 200);
  const settings = await created(till.get<SalesSettings>(api('/settings/sales')), 200);
  const feed = await created(
    till.get<{
      items: {
        variantId: string;
        name: string;
        sku: string;
        priceMinor: number;
        taxCategoryId: string | null;
        unit: string;
      }[];
    }>(api(`/catalog/changes?storeId=${storeId}`)),
    200,
  );
  const variants = feed.items.map(
    (item): CachedVariant => ({
      id: item.variantId,
      name: item.name,
      sku: item.sku,
      priceMinor: item.priceMinor,
      taxCategoryId: item.taxCategoryId,
      unit: item.unit === 'weight' ? 'weight' : 'each',
    }),
  );
  expect(variants).toHaveLength(spec.products.length);

  // Approvals are rate limited per client (30 a minute): a run asks for a bounded number.
  let approvalsLeft = 20;
  return {
    storeId,
    device: paired.device,
    registerId: paired.registerId,
    till,
    context: saleContextOf(taxTable, settings),
    variants,
    exemptCustomer: { id: customer.id, name: customer.name, taxExempt: true },
    async approval() {
      if (approvalsLeft === 0) return undefined;
      approvalsLeft -= 1;
      const granted = await created(
        till.post<{ id: string }>(api('/approvals'), {
          action: 'sale.price_override',
          approverId: manager.id,
          pin: manager.pin,
        }),
      );
      return granted.id;
    },
  };
}
