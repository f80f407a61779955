// Tenants for the sales benchmark, set up through the public API as a retailer would: signup,
// a default tax category charging one rate, a small catalog with stock, and registers each with
// a paired device, a cashier signed in with a PIN and an open cash drawer.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTillpointClient,
  ok,
  TillpointApiError,
  type TillpointClient,
} from '@tillpoint/api-client';
import { pinProblem } from '@tillpoint/domain';

export interface Item {
  readonly variantId: string;
  readonly priceMinor: number;
}

export interface Register {
  readonly tenant: string;
  readonly registerId: string;
  /** The cashier's PIN-session token on this register's paired device. */
  readonly token: string;
  readonly client: TillpointClient;
}

export interface SalesTenant {
  readonly name: string;
  readonly tenantId: string;
  readonly storeId: string;
  readonly items: readonly Item[];
  readonly taxRate: { readonly id: string; readonly ratePpm: number };
  readonly registers: readonly Register[];
  /** The owner, signed in (cookie session): settings and plugins. */
  readonly owner: TillpointClient;
}

const PASSWORD = 'Quartz-Lantern-Orchid-5813';

function pinFor(index: number): string {
  for (let candidate = 100_000 + index * 7_919; ; candidate += 1) {
    const pin = String(candidate % 1_000_000).padStart(6, '0');
    if (pinProblem(pin) === null) return pin;
  }
}

/**
 * PIN sign-ins are limited to 30 a minute per client address, and every register of the
 * benchmark signs in from 127.0.0.1: wait for the window instead of failing.
 */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TillpointApiError) || error.code !== 'rate_limited' || attempt >= 6)
        throw error;
      await sleep(15_000);
    }
  }
}

/**
 * Each tenant is one shop whose registers reach the platform from the shop's own address (the
 * platform runs with TRUST_PROXY=loopback and reads it from X-Forwarded-For), so the
 * per-address limits on signup, pairing and PIN sign-in apply per shop as in production.
 */
function fromAddress(address: string): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set('x-forwarded-for', address);
    return fetch(request);
  };
}

export async function createSalesTenant(
  baseUrl: string,
  name: string,
  options: { items: number; registers: number; ratePpm: number; address: string },
): Promise<SalesTenant> {
  const viaShop = fromAddress(options.address);
  const owner = createTillpointClient({ baseUrl, fetch: viaShop });
  const email = `bench-sales-${randomBytes(4).toString('hex')}@example.test`;
  const signup = await ok(
    owner.api.POST('/api/v1/signup', {
      body: {
        businessName: name,
        ownerName: 'Morgan Avery',
        email,
        password: PASSWORD,
        country: 'US',
        currency: 'USD',
        timezone: 'America/Chicago',
      },
    }),
  );
  await owner.signIn(email, PASSWORD);
  const { tenantId, storeId } = signup;

  const rate = await ok(
    owner.api.POST('/api/v1/tax-rates', {
      body: { code: 'STATE', name: 'State sales tax', ratePpm: options.ratePpm },
    }),
  );
  const category = await ok(
    owner.api.POST('/api/v1/catalog/tax-categories', {
      body: { name: 'Standard', code: 'STANDARD', isDefault: true },
    }),
  );
  await ok(
    owner.api.PUT('/api/v1/tax-categories/{id}/rates', {
      params: { path: { id: category.id } },
      body: { rateIds: [rate.id] },
    }),
  );

  const items: Item[] = [];
  for (let index = 0; index < options.items; index += 1) {
    const priceMinor = 199 + ((index * 337) % 4_800);
    const product = await ok(
      owner.api.POST('/api/v1/catalog/products', {
        body: {
          name: `Bench item ${index + 1}`,
          variants: [
            { sku: `BENCH-${index + 1}`, priceMinor, costMinor: Math.floor(priceMinor / 2) },
          ],
        },
      }),
    );
    const variant = product.variants[0];
    if (!variant) throw new Error('product created without a variant');
    items.push({ variantId: variant.id, priceMinor });
  }
  await ok(
    owner.api.POST('/api/v1/stores/{id}/stock-adjustments', {
      params: { path: { id: storeId } },
      body: {
        lines: items.map((item) => ({
          variantId: item.variantId,
          quantity: 1_000_000,
          reason: 'found' as const,
        })),
      },
    }),
  );

  const registers: Register[] = [];
  for (let index = 0; index < options.registers; index += 1) {
    const register = await ok(
      owner.api.POST('/api/v1/stores/{id}/registers', {
        params: { path: { id: storeId } },
        body: { name: `Till ${index + 1}` },
      }),
    );
    const code = await ok(
      owner.api.POST('/api/v1/registers/{id}/pairing-codes', {
        params: { path: { id: register.id } },
      }),
    );
    const device = createTillpointClient({ baseUrl, fetch: viaShop });
    const paired = await ok(device.api.POST('/api/v1/devices/pair', { body: { code: code.code } }));
    const pin = pinFor(index);
    const cashier = await ok(
      owner.api.POST('/api/v1/users', {
        body: {
          name: `Cashier ${index + 1}`,
          email: `cashier-${index + 1}-${randomBytes(3).toString('hex')}@example.test`,
          role: 'cashier',
          password: PASSWORD,
          pin,
        },
      }),
    );
    device.setToken(paired.deviceToken);
    const session = await patiently(() =>
      ok(device.api.POST('/api/v1/device/sessions', { body: { userId: cashier.id, pin } })),
    );
    const till = createTillpointClient({ baseUrl, token: session.token, fetch: viaShop });
    await ok(
      till.api.POST('/api/v1/registers/{registerId}/cash-sessions', {
        params: { path: { registerId: register.id } },
        body: { counts: { '2000': 5, '500': 10, '100': 20 } },
      }),
    );
    registers.push({ tenant: name, registerId: register.id, token: session.token, client: till });
  }
  return {
    name,
    tenantId,
    storeId,
    items,
    taxRate: { id: rate.id, ratePpm: options.ratePpm },
    registers,
    owner,
  };
}
