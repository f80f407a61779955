// One retailer set up the way a real one would through the public API: owner signup, store in
// USD with an exclusive 8.25 % sales tax, a register, staff with PINs, a priced and stocked shelf.
import { randomBytes } from 'node:crypto';
import { createTillpointClient, ok, type TillpointClient } from '@tillpoint/api-client';
import { LABELS, PRICE_RULE, SHELF, WEIGHT_RULE } from './catalog.ts';
import type { StackEmbeddedLabel, StackProduct, StackStaff } from './stack-file.ts';

export const TAX_RATE_PPM = 82_500;
export const CASHIER_PIN = '2468';
export const MANAGER_PIN = '1357';

export interface SeededRetailer {
  readonly owner: { readonly email: string; readonly password: string };
  /** Signed in as the owner (cookie session kept by the client). */
  readonly ownerClient: TillpointClient;
  readonly tenantId: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly registerId: string;
  readonly registerName: string;
  /** A second register of the store, so the offline journey numbers its own receipts. */
  readonly backRegister: { readonly id: string; readonly name: string };
  readonly cashier: StackStaff;
  readonly manager: StackStaff;
  readonly products: readonly StackProduct[];
  readonly embeddedLabels: readonly StackEmbeddedLabel[];
}

export async function seedRetailer(platformUrl: string): Promise<SeededRetailer> {
  const email = `owner-${randomBytes(4).toString('hex')}@e2e.tillpoint.test`;
  const password = 'Sturdy-checkout-lane-42';
  const storeName = 'Main Street Market';
  const client = createTillpointClient({ baseUrl: platformUrl, cookies: 'jar' });
  const { api } = client;

  const signup = await ok(
    api.POST('/api/v1/signup', {
      body: {
        businessName: 'Main Street Market LLC',
        ownerName: 'Olivia Owner',
        email,
        password,
        country: 'US',
        currency: 'USD',
        timezone: 'America/Chicago',
        storeName,
      },
    }),
  );
  await client.signIn(email, password);
  const { storeId, tenantId } = signup;
  await ok(
    api.PATCH('/api/v1/stores/{id}', {
      params: { path: { id: storeId } },
      body: {
        receiptHeader: 'Main Street Market\n100 Main Street, Austin TX',
        receiptFooter: 'Thank you for shopping with us!',
      },
    }),
  );

  // Exclusive tax, no cash rounding: shelf prices are before tax, cash is paid to the cent.
  await ok(
    api.PATCH('/api/v1/settings/sales', {
      body: { taxMode: 'exclusive', cashIncrementMinor: null },
    }),
  );
  const rate = await ok(
    api.POST('/api/v1/tax-rates', {
      body: { code: 'TX-SALES', name: 'Sales tax 8.25 %', ratePpm: TAX_RATE_PPM },
    }),
  );
  const taxCategory = await ok(
    api.POST('/api/v1/catalog/tax-categories', {
      body: { name: 'Standard', code: 'STANDARD', isDefault: true },
    }),
  );
  await ok(
    api.PUT('/api/v1/tax-categories/{id}/rates', {
      params: { path: { id: taxCategory.id } },
      body: { rateIds: [rate.id] },
    }),
  );

  const registerName = 'Front Till';
  const register = await ok(
    api.POST('/api/v1/stores/{id}/registers', {
      params: { path: { id: storeId } },
      body: { name: registerName },
    }),
  );

  const backRegisterName = 'Back Till';
  const backRegister = await ok(
    api.POST('/api/v1/stores/{id}/registers', {
      params: { path: { id: storeId } },
      body: { name: backRegisterName },
    }),
  );

  const staff = async (name: string, role: 'cashier' | 'manager', pin: string) => {
    const user = await ok(
      api.POST('/api/v1/users', { body: { name, role, pin, storeIds: [storeId] } }),
    );
    return { id: user.id, name, pin };
  };
  const cashier = await staff('Casey Cashier', 'cashier', CASHIER_PIN);
  const manager = await staff('Morgan Manager', 'manager', MANAGER_PIN);

  await ok(api.POST('/api/v1/catalog/barcode-rules', { body: PRICE_RULE }));
  await ok(api.POST('/api/v1/catalog/barcode-rules', { body: WEIGHT_RULE }));

  const products: StackProduct[] = [];
  for (const item of SHELF) {
    const created = await ok(
      api.POST('/api/v1/catalog/products', {
        body: {
          name: item.name,
          unit: item.unit,
          variants: [
            {
              sku: item.sku,
              priceMinor: item.priceMinor,
              costMinor: Math.floor(item.priceMinor / 2),
              plu: item.plu,
              ...(item.barcode ? { barcodes: [{ code: item.barcode }] } : {}),
            },
          ],
        },
      }),
    );
    const variant = created.variants[0];
    if (!variant) throw new Error(`product ${item.name} came back without its variant`);
    products.push({
      name: item.name,
      sku: item.sku,
      variantId: variant.id,
      barcode: item.barcode,
      priceMinor: item.priceMinor,
      unit: item.unit,
      plu: item.plu,
    });
  }
  await ok(
    api.POST('/api/v1/stores/{id}/stock-adjustments', {
      params: { path: { id: storeId } },
      body: {
        note: 'Opening stock',
        lines: SHELF.map((item, index) => ({
          variantId: products[index]?.variantId ?? '',
          quantity: item.stock,
          reason: 'received' as const,
          unitCost: Math.floor(item.priceMinor / 2),
        })),
      },
    }),
  );

  return {
    owner: { email, password },
    ownerClient: client,
    tenantId,
    storeId,
    storeName,
    registerId: register.id,
    registerName,
    backRegister: { id: backRegister.id, name: backRegisterName },
    cashier,
    manager,
    products,
    embeddedLabels: LABELS.map((label) => ({ ...label })),
  };
}
