// Live stock latency: a stock change committed through platform instance 1, received by 100
// register subscriptions spread over instances 1 and 2 (real PostgreSQL, real Redis, separate
// processes). Baseline in the same run: bare Redis pub/sub to 100 subscribers.
//   npm run live-stock --workspace @tillpoint/bench
import { setTimeout as sleep } from 'node:timers/promises';
import { createTillpointClient, ok } from '@tillpoint/api-client';
import { Redis } from 'ioredis';
import { dropDatabase, freshDatabase, REDIS_URL, startPlatform } from './support/platform.ts';
import { summary } from './support/stats.ts';
import { openStockFeed, type StockEvent } from './support/subscriber.ts';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 100);
const CHANGES = Number(process.env.CHANGES ?? 200);
const DATABASE = 'tillpoint_bench_live';

async function platformLatency() {
  const database = await freshDatabase(DATABASE);
  const env = { RATE_LIMIT_PER_MINUTE: '1000000' };
  const one = await startPlatform(database, env);
  const two = await startPlatform(database, env);
  const feeds: { close(): Promise<void> }[] = [];
  try {
    const owner = createTillpointClient({ baseUrl: one.url });
    const email = `bench-${Date.now()}@example.test`;
    const signup = await ok(
      owner.api.POST('/api/v1/signup', {
        body: {
          businessName: 'Bench Goods',
          ownerName: 'Bea Bench',
          email,
          password: 'quiet-river-stones-8',
          country: 'US',
          currency: 'USD',
          timezone: 'UTC',
        },
      }),
    );
    await owner.signIn(email, 'quiet-river-stones-8');
    const product = await ok(
      owner.api.POST('/api/v1/catalog/products', {
        body: { name: 'Bench item', variants: [{ sku: 'BENCH-1', priceMinor: 100 }] },
      }),
    );
    const variantId = (product as { variants: { id: string }[] }).variants[0]?.id ?? '';
    const register = await ok(
      owner.api.POST('/api/v1/stores/{id}/registers', {
        params: { path: { id: signup.storeId } },
        body: { name: 'Till 1' },
      }),
    );
    const code = await ok(
      owner.api.POST('/api/v1/registers/{id}/pairing-codes', {
        params: { path: { id: register.id } },
      }),
    );
    const device = await ok(owner.api.POST('/api/v1/devices/pair', { body: { code: code.code } }));

    const received = new Map<number, number[]>();
    const sink = (event: StockEvent) => {
      const list = received.get(event.onHand) ?? [];
      list.push(event.receivedAt);
      received.set(event.onHand, list);
    };
    for (let i = 0; i < SUBSCRIBERS; i++) {
      feeds.push(
        await openStockFeed(
          i % 2 === 0 ? one.url : two.url,
          device.deviceToken,
          signup.storeId,
          sink,
        ),
      );
    }
    await sleep(500);

    const sent: { sentAt: number; committedAt: number }[] = [];
    for (let i = 1; i <= CHANGES; i++) {
      const sentAt = performance.now();
      await ok(
        owner.api.POST('/api/v1/stores/{id}/stock-adjustments', {
          params: { path: { id: signup.storeId } },
          body: { lines: [{ variantId, quantity: 1, reason: 'received' }] },
        }),
      );
      sent[i] = { sentAt, committedAt: performance.now() };
      await sleep(20);
    }
    await sleep(2_000);

    const afterCommit: number[] = [];
    const fromRequest: number[] = [];
    let missing = 0;
    for (let i = 1; i <= CHANGES; i++) {
      const times = received.get(i) ?? [];
      missing += SUBSCRIBERS - times.length;
      const step = sent[i];
      if (!step) continue;
      for (const at of times) {
        afterCommit.push(Math.max(0, at - step.committedAt));
        fromRequest.push(at - step.sentAt);
      }
    }
    return { afterCommit: summary(afterCommit), fromRequest: summary(fromRequest), missing };
  } finally {
    for (const feed of feeds) await feed.close();
    await one.stop();
    await two.stop();
    await dropDatabase(DATABASE);
  }
}

async function redisBaseline() {
  const subscribers = Array.from({ length: SUBSCRIBERS }, () => new Redis(REDIS_URL));
  const publisher = new Redis(REDIS_URL);
  const latencies: number[] = [];
  try {
    await Promise.all(subscribers.map((s) => s.subscribe('bench-baseline')));
    for (const s of subscribers)
      s.on('message', (_channel, message) => latencies.push(performance.now() - Number(message)));
    for (let i = 0; i < CHANGES; i++) {
      await publisher.publish('bench-baseline', String(performance.now()));
      await sleep(20);
    }
    await sleep(500);
    return summary(latencies);
  } finally {
    for (const s of [...subscribers, publisher]) s.disconnect();
  }
}

const baseline = await redisBaseline();
const platform = await platformLatency();
console.log(
  JSON.stringify({ subscribers: SUBSCRIBERS, changes: CHANGES, platform, baseline }, null, 2),
);
console.log(
  `| live stock, ${SUBSCRIBERS} subscribers on 2 instances | commit->event p50 ${platform.afterCommit.p50} ms, p99 ${platform.afterCommit.p99} ms | request->event p50 ${platform.fromRequest.p50} ms, p99 ${platform.fromRequest.p99} ms | bare Redis pub/sub p50 ${baseline.p50} ms, p99 ${baseline.p99} ms | missing events: ${platform.missing} |`,
);
