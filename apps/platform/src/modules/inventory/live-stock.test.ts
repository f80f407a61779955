import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  pairDevice,
  type Retailer,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { subscribe } from '../../testing/subscriptions.ts';
import { createProduct, firstVariant } from '../catalog/testing.ts';

// Two platform instances sharing the real PostgreSQL and Redis, as in production behind a load
// balancer: a stock change committed through instance 1 must reach a register subscribed to
// instance 2, and never a register of another tenant.

const STOCK_CHANGED = `subscription ($storeId: ID!) {
  stockChanged(storeId: $storeId) { storeId variantId onHand available committed }
}`;

interface Level {
  storeId: string;
  variantId: string;
  onHand: number;
  available: number;
}

let one: TestApp;
let two: TestApp;
let urlTwo: string;
let a: Retailer;
let b: Retailer;
let deviceTokenA: string;
let deviceTokenB: string;

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  one = await createTestApp();
  two = await createTestApp();
  await listen(one);
  urlTwo = await listen(two);
  a = await signUpRetailer(one.app, 'Live Stock A');
  b = await signUpRetailer(one.app, 'Live Stock B');
  deviceTokenA = (await pairDevice(one.app, a.owner, a.storeId)).token;
  deviceTokenB = (await pairDevice(one.app, b.owner, b.storeId)).token;
});

afterAll(async () => {
  await one.close();
  await two.close();
});

function adjustOnOne(retailer: Retailer, variantId: string, quantity: number) {
  return retailer.owner.post(`/api/v1/stores/${retailer.storeId}/stock-adjustments`, {
    lines: [{ variantId, quantity, reason: 'received' }],
  });
}

describe('live stock across two instances', () => {
  it('delivers a change made on instance 1 to a register subscribed on instance 2', async () => {
    const variantId = firstVariant(await createProduct(a.owner)).id;
    const feed = subscribe<Level>(
      urlTwo,
      deviceTokenA,
      STOCK_CHANGED,
      { storeId: a.storeId },
      'stockChanged',
    );
    const otherTenant = subscribe<Level>(
      urlTwo,
      deviceTokenB,
      STOCK_CHANGED,
      { storeId: b.storeId },
      'stockChanged',
    );
    try {
      await Promise.all([feed.ready, otherTenant.ready]);
      expect((await adjustOnOne(a, variantId, 4)).status).toBe(201);
      expect(await feed.next()).toEqual({
        storeId: a.storeId,
        variantId,
        onHand: 4,
        available: 4,
        committed: 0,
      });
      expect((await adjustOnOne(a, variantId, -4)).status).toBe(201);
      expect(await feed.next()).toMatchObject({ variantId, onHand: 0, available: 0 });
      // Tenant B's register heard nothing of tenant A's changes.
      await expect(otherTenant.next(500)).rejects.toThrow(/no event/);
    } finally {
      await feed.close();
      await otherTenant.close();
    }
  });

  it("refuses a subscription to another tenant's store", async () => {
    const snoop = subscribe<Level>(
      urlTwo,
      deviceTokenB,
      STOCK_CHANGED,
      { storeId: a.storeId },
      'stockChanged',
    );
    try {
      await expect(snoop.next(3_000)).rejects.toThrow(/not assigned to this store|No store/);
    } finally {
      await snoop.close();
    }
  });

  it('refuses a connection with a bad token and a subscription without identity', async () => {
    // Mercurius answers a refused connection_init with connection_error and closes the socket.
    const forged = subscribe<Level>(
      urlTwo,
      'tpd_forged',
      STOCK_CHANGED,
      { storeId: a.storeId },
      'stockChanged',
    );
    await expect(forged.next(3_000)).rejects.toThrow(/Forbidden|connection_error|4403|closed/i);
    await forged.close();
    const anonymous = subscribe<Level>(
      urlTwo,
      null,
      STOCK_CHANGED,
      { storeId: a.storeId },
      'stockChanged',
    );
    await expect(anonymous.next(3_000)).rejects.toThrow(/Sign in first/);
    await anonymous.close();
  });
});
