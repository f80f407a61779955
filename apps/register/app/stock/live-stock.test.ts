import { createServer, type Server, type Socket } from 'node:net';
import { ok } from '@tillpoint/api-client';
import { createTestApp, type TestApp } from '@tillpoint/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../../platform/src/modules/payments/test-support.ts';
import {
  createItem,
  openShop,
  type Shop,
  stockUp,
} from '../../../platform/src/modules/sales/test-support.ts';
import { createRegisterClient } from '../device/api.ts';
import { backoffDelay, createLiveStock, type LiveStock, type StockEntry } from './live-stock.ts';

// The register's live stock against the real platform: levels enter with a REST read, follow
// the stockChanged subscription, go stale when the network drops and catch up on reconnect.
// The network is a TCP relay the test can cut, as a pulled cable or a dead Wi-Fi would.

let t: TestApp;
let shop: Shop;
let relay: Relay;
let tracked: string;
let untracked: string;

interface Relay {
  readonly port: number;
  cut(): Promise<void>;
  /**
   * WebSocket connections stay open but carry nothing, as when a link dies without a goodbye.
   * (Node's fetch would reuse a frozen idle keep-alive connection for the next upgrade, which a
   * browser never does, so plain HTTP connections are left alone.)
   */
  freezeSockets(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function startRelay(target: string): Promise<Relay> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  const webSockets = new Set<readonly [Socket, Socket]>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((inbound) => {
        const outbound = new (inbound.constructor as typeof Socket)();
        outbound.connect(Number(targetPort), hostname);
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        inbound.pipe(outbound).pipe(inbound);
        const link = [inbound, outbound] as const;
        // Node's fetch may upgrade an idle keep-alive connection, so any request can be the one.
        const spot = (chunk: Buffer) => {
          if (!/^upgrade: websocket/im.test(chunk.toString('latin1'))) return;
          webSockets.add(link);
          inbound.off('data', spot);
        };
        inbound.on('data', spot);
        inbound.on('close', () => webSockets.delete(link));
        inbound.on('close', () => outbound.destroy());
        outbound.on('close', () => inbound.destroy());
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address();
        if (address && typeof address === 'object') port = address.port;
        resolve();
      });
    });
  const shut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) resolve();
      else server.close(() => resolve());
      server = null;
    });
  await open();
  return {
    get port() {
      return port;
    },
    cut: shut,
    freezeSockets() {
      for (const [inbound, outbound] of webSockets) {
        inbound.unpipe(outbound);
        outbound.unpipe(inbound);
        inbound.pause();
        outbound.pause();
      }
      webSockets.clear();
    },
    restore: open,
    close: shut,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const url = await listen(t);
  relay = await startRelay(url);
  shop = await openShop(t, 'Live Stock Register');
  tracked = await createItem(shop.retailer.owner, 1_200);
  untracked = await createItem(shop.retailer.owner, 300, { trackStock: false });
  await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, 5);
});

afterAll(async () => {
  await relay?.close();
  await t?.close();
});

function feedOf(
  timing: { keepAliveMs?: number; pongWaitMs?: number } = {},
  token = shop.till.bearer,
): LiveStock {
  if (!token) throw new Error('the till has no PIN session');
  const base = `http://127.0.0.1:${relay.port}`;
  const client = createRegisterClient(token, null, base);
  const storeId = shop.retailer.storeId;
  const trackStock = new Map([
    [tracked, true],
    [untracked, false],
  ]);
  return createLiveStock({
    url: `ws://127.0.0.1:${relay.port}/graphql`,
    token,
    storeId,
    readLevel: async (variantId) => {
      const levels = await ok(
        client.api.GET('/api/v1/variants/{id}/stock', { params: { path: { id: variantId } } }),
      );
      return levels.find((level) => level.storeId === storeId)?.onHand ?? 0;
    },
    trackStockOf: async (variantId) => trackStock.get(variantId) ?? null,
    // Quick retries keep the test short; the backoff's shape is checked on its own below.
    retryDelay: () => 200,
    ...timing,
  });
}

/** Resolves once the feed's entry for the variant satisfies the check. */
function until(
  feed: LiveStock,
  variantId: string,
  check: (entry: StockEntry) => boolean,
  timeoutMs = 5_000,
): Promise<StockEntry> {
  return new Promise((resolve, reject) => {
    const test = () => {
      const entry = feed.snapshot().get(variantId);
      if (entry && check(entry)) {
        clearTimeout(timer);
        stop();
        resolve(entry);
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `no matching level for ${variantId}: ${JSON.stringify(feed.snapshot().get(variantId))} (live: ${feed.live()})`,
        ),
      );
    }, timeoutMs);
    const stop = feed.onChange(test);
    test();
  });
}

async function untilLive(feed: LiveStock): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!feed.live()) {
    if (Date.now() > deadline) throw new Error('the feed never connected');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // The server attaches the subscription right after the ack.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe('live stock on the register', () => {
  it('reads shown items, then follows changes made elsewhere as they commit', async () => {
    const feed = feedOf();
    try {
      feed.show([tracked, untracked]);
      await untilLive(feed);
      expect(await until(feed, tracked, (entry) => entry.onHand === 5)).toEqual({
        onHand: 5,
        trackStock: true,
        stale: false,
      });
      expect(await until(feed, untracked, () => true)).toMatchObject({ trackStock: false });

      await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, -5);
      expect(await until(feed, tracked, (entry) => entry.onHand === 0)).toEqual({
        onHand: 0,
        trackStock: true,
        stale: false,
      });

      // An item taken off the screen is forgotten and its changes ignored.
      feed.show([untracked]);
      expect(feed.snapshot().has(tracked)).toBe(false);
      await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, 2);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(feed.snapshot().has(tracked)).toBe(false);
      // Shown again, it is read afresh.
      feed.show([tracked, untracked]);
      expect(await until(feed, tracked, (entry) => entry.onHand === 2)).toMatchObject({
        stale: false,
      });
    } finally {
      feed.close();
    }
  });

  it('keeps the last known level as stale while offline and catches up on reconnect', async () => {
    const feed = feedOf();
    try {
      feed.show([tracked]);
      await untilLive(feed);
      const before = await until(feed, tracked, (entry) => !entry.stale);

      await relay.cut();
      expect(await until(feed, tracked, (entry) => entry.stale)).toEqual({
        ...before,
        stale: true,
      });
      expect(feed.live()).toBe(false);
      // Sold elsewhere while this register cannot hear it.
      await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, -before.onHand);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(feed.snapshot().get(tracked)).toEqual({ ...before, stale: true });

      await relay.restore();
      expect(
        await until(feed, tracked, (entry) => !entry.stale && entry.onHand === 0, 10_000),
      ).toEqual({ onHand: 0, trackStock: true, stale: false });
      expect(feed.live()).toBe(true);

      // And it is live again, not just re-read.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, 7);
      expect(await until(feed, tracked, (entry) => entry.onHand === 7)).toMatchObject({
        stale: false,
      });
    } finally {
      feed.close();
    }
  });
});

describe('the register going offline with the socket still open', () => {
  it('marks levels stale at once and reads them again when the register is back', async () => {
    const feed = feedOf();
    try {
      feed.show([tracked]);
      await untilLive(feed);
      const start = await until(feed, tracked, (entry) => !entry.stale);
      await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, 3);
      const before = await until(feed, tracked, (entry) => entry.onHand === start.onHand + 3);

      feed.setOnline(false);
      expect(feed.snapshot().get(tracked)).toEqual({ ...before, stale: true });
      await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, -1);
      // Whatever the socket still carries, the register says it cannot vouch for it.
      expect(await until(feed, tracked, (entry) => entry.onHand === before.onHand - 1)).toEqual({
        onHand: before.onHand - 1,
        trackStock: true,
        stale: true,
      });

      feed.setOnline(true);
      expect(await until(feed, tracked, (entry) => !entry.stale)).toEqual({
        onHand: before.onHand - 1,
        trackStock: true,
        stale: false,
      });
    } finally {
      feed.close();
    }
  });
});

describe('a link that dies silently', () => {
  it('is noticed by a missing pong, dropped and reconnected', async () => {
    const feed = feedOf({ keepAliveMs: 300, pongWaitMs: 300 });
    try {
      feed.show([tracked]);
      await untilLive(feed);
      const before = await until(feed, tracked, (entry) => !entry.stale);

      // Nothing closes, nothing errors: only the keep-alive can tell.
      relay.freezeSockets();
      expect(await until(feed, tracked, (entry) => entry.stale)).toEqual({
        ...before,
        stale: true,
      });
      await stockUp(shop.retailer.owner, shop.retailer.storeId, tracked, 4);
      // The retry opens a fresh connection through the relay, and the level is read again.
      expect(
        await until(
          feed,
          tracked,
          (entry) => !entry.stale && entry.onHand === before.onHand + 4,
          10_000,
        ),
      ).toEqual({ onHand: before.onHand + 4, trackStock: true, stale: false });
    } finally {
      feed.close();
    }
  });
});

describe('a token the server refuses', () => {
  it('never goes live, and closing the feed mid-handshake throws nothing at the page', async () => {
    // A signed-out cashier's token: the server answers connection_init with its refusal, which
    // the socket library reads as a bad response and rejects the pending connection with. The
    // register closes the feed at that very moment (sign-out), so nothing may be left unhandled.
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      for (let round = 0; round < 3; round += 1) {
        const feed = feedOf({}, 'not-a-session-token');
        feed.show([tracked]);
        await new Promise((resolve) => setTimeout(resolve, 20 * round));
        feed.close();
      }
      const refused = feedOf({}, 'not-a-session-token');
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(refused.live()).toBe(false);
      refused.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});

describe('reconnect backoff', () => {
  it('grows from half a second to at most thirty, with jitter inside the step', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4_000);
    expect(backoffDelay(20, () => 1)).toBe(30_000);
    expect(backoffDelay(20, () => 0)).toBe(15_000);
  });
});
