// Tenants for the catalog benchmarks, set up through the public API: signup and sign-in, tax
// categories and categories (with attribute definitions), products created one by one, and a
// paired register. The bulk of a catalog then goes in with bulk-catalog.ts.
import {
  createTillpointClient,
  ok,
  TillpointApiError,
  type TillpointClient,
} from '@tillpoint/api-client';
import type { CatalogReferences } from './bulk-catalog.ts';
import {
  CATEGORY_PLANS,
  type CategoryKey,
  type GeneratedProduct,
  TAX_CATEGORY_PLANS,
  type TaxKey,
} from './synthetic-catalog.ts';

export interface Tenant {
  readonly tenantId: string;
  readonly storeId: string;
  readonly client: TillpointClient;
  readonly references: CatalogReferences;
}

let sessionCookie = '';

/** The first signed-in session's cookie header (for requests outside the typed client). */
export function firstSessionCookie(): string {
  return sessionCookie;
}

/** Passes requests through, keeping the first session cookie seen. */
const recordingFetch: typeof fetch = (input, init) => {
  if (!sessionCookie && input instanceof Request) {
    const cookie = input.headers.get('cookie');
    if (cookie?.includes('session-token')) sessionCookie = cookie;
  }
  return fetch(input, init);
};

/**
 * Signup allows 10 per hour per client address, counted in Redis across runs (and across
 * benchmarks using the same Redis): say so instead of failing with a bare 429.
 */
async function explainSignupLimit<T>(signup: Promise<T>): Promise<T> {
  try {
    return await signup;
  } catch (error) {
    if (error instanceof TillpointApiError && error.code === 'rate_limited') {
      throw new Error(
        'Signup is rate limited (10 per hour per client address, counted in Redis across runs). ' +
          'Wait for the window to pass, or point BENCH_REDIS_URL at another Redis database.',
        { cause: error },
      );
    }
    throw error;
  }
}

export async function signUpTenant(
  baseUrl: string,
  business: { businessName: string; ownerName: string; password: string; tag: string },
): Promise<Tenant> {
  const client = createTillpointClient({ baseUrl, fetch: recordingFetch });
  const email = `bench-${business.tag}-${Date.now()}@example.test`;
  const signup = await explainSignupLimit(
    ok(
      client.api.POST('/api/v1/signup', {
        body: {
          businessName: business.businessName,
          ownerName: business.ownerName,
          email,
          password: business.password,
          country: 'GB',
          currency: 'GBP',
          timezone: 'Europe/London',
        },
      }),
    ),
  );
  await client.signIn(email, business.password);

  const taxCategoryIds: Partial<Record<TaxKey, string>> = {};
  for (const plan of TAX_CATEGORY_PLANS) {
    const created = await ok(
      client.api.POST('/api/v1/catalog/tax-categories', {
        body: { name: plan.name, code: plan.code },
      }),
    );
    taxCategoryIds[plan.key] = created.id;
  }
  const categoryIds: Partial<Record<CategoryKey, string>> = {};
  for (const plan of CATEGORY_PLANS) {
    const created = await ok(
      client.api.POST('/api/v1/catalog/categories', {
        body: {
          name: plan.name,
          parentId: plan.parent ? (categoryIds[plan.parent] ?? null) : null,
          attributeDefinitions: plan.attributeDefinitions.map((definition) => ({
            ...definition,
            ...(definition.options ? { options: [...definition.options] } : {}),
          })),
        },
      }),
    );
    categoryIds[plan.key] = created.id;
  }
  return {
    tenantId: signup.tenantId,
    storeId: signup.storeId,
    client,
    references: {
      categoryIds: categoryIds as Record<CategoryKey, string>,
      taxCategoryIds: taxCategoryIds as Record<TaxKey, string>,
    },
  };
}

/** Creates products through the API; the generated ids are replaced by the server's. */
export async function createThroughApi(tenant: Tenant, products: readonly GeneratedProduct[]) {
  const { client, references } = tenant;
  for (const product of products) {
    const created = await ok(
      client.api.POST('/api/v1/catalog/products', {
        body: {
          name: product.name,
          description: product.description,
          categoryId: references.categoryIds[product.category],
          taxCategoryId: product.tax ? references.taxCategoryIds[product.tax] : null,
          unit: product.unit,
          trackStock: product.trackStock,
          optionNames: [...product.optionNames],
          attributes: { ...product.attributes },
          variants: product.variants.map((variant) => ({
            sku: variant.sku,
            optionValues: [...variant.optionValues],
            priceMinor: variant.priceMinor,
            costMinor: variant.costMinor,
            position: variant.position,
            barcodes: variant.barcodes.map((barcode) => ({ code: barcode.code })),
          })),
        },
      }),
    );
    product.id = created.id;
    for (const variant of product.variants) {
      const match = created.variants.find((v) => v.sku === variant.sku);
      if (!match) throw new Error(`API did not return variant ${variant.sku}`);
      variant.id = match.id;
      if (variant.archived) {
        await ok(
          client.api.POST('/api/v1/catalog/variants/{id}/archive', {
            params: { path: { id: variant.id } },
          }),
        );
      }
    }
    if (product.archived) {
      await ok(
        client.api.POST('/api/v1/catalog/products/{id}/archive', {
          params: { path: { id: product.id } },
        }),
      );
    }
  }
}

export async function pairDevice(tenant: Tenant): Promise<string> {
  const register = await ok(
    tenant.client.api.POST('/api/v1/stores/{id}/registers', {
      params: { path: { id: tenant.storeId } },
      body: { name: 'Till 1' },
    }),
  );
  const code = await ok(
    tenant.client.api.POST('/api/v1/registers/{id}/pairing-codes', {
      params: { path: { id: register.id } },
    }),
  );
  const device = await ok(
    tenant.client.api.POST('/api/v1/devices/pair', { body: { code: code.code } }),
  );
  return device.deviceToken;
}
