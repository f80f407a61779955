// The whole stack for the browser journeys, as one Node process: the register build, a fresh
// database, the real platform, fake Stripe, a fake receipt printer behind the real bridge, one
// seeded retailer and the control API. It writes .stack/stack.json when ready and takes
// everything down (its database included) on SIGTERM, SIGINT or when its parent goes away.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { buildRegister } from './build.ts';
import { seedBulkVariants } from './bulk.ts';
import { startControlServer } from './control.ts';
import { createRunDatabase } from './database.ts';
import { PRINTER_NAME, startStoreHardware } from './hardware.ts';
import { startPlatform } from './platform.ts';
import { seedRetailer, TAX_RATE_PPM } from './seed.ts';
import { STACK_DIR, STACK_FILE, type StackInfo } from './stack-file.ts';
import { enableCardPayments } from './stripe.ts';

const log = (message: string) => console.log(`[stack] ${message}`);
const cleanups: (() => Promise<void>)[] = [];

let stopping: Promise<void> | null = null;
function stop(reason: string, exitCode = 0): Promise<void> {
  stopping ??= (async () => {
    log(`stopping (${reason})`);
    const timer = setTimeout(() => process.exit(1), 20_000);
    timer.unref();
    // Last started, first stopped: the control API and fakes go before the platform, the
    // platform before its database is dropped.
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('[stack] cleanup failed:', error);
      }
    }
    await rm(STACK_FILE, { force: true });
    process.exit(exitCode);
  })();
  return stopping;
}

process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
// Started by the Playwright setup, which holds our stdin: when it ends the runner is gone and
// nobody will send SIGTERM. Run by hand, the stack stays up until Ctrl+C.
if (process.env.E2E_STACK_PARENT_PIPE === '1') {
  process.stdin.on('end', () => void stop('parent went away'));
  process.stdin.on('error', () => void stop('parent went away'));
  process.stdin.resume();
}

async function main(): Promise<void> {
  const started = performance.now();
  await rm(STACK_FILE, { force: true });
  if (process.env.E2E_SKIP_BUILD === '1') log('register build skipped (E2E_SKIP_BUILD=1)');
  else await buildRegister();

  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const database = await createRunDatabase(runId);
  cleanups.push(() => database.drop());
  log(`database ${database.name} migrated`);

  const redisUrl = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const platform = await startPlatform(runId, database, redisUrl);
  cleanups.push(() => platform.close());
  log(`platform listening on ${platform.url}`);

  const retailer = await seedRetailer(platform.url);
  const card = await enableCardPayments(retailer.ownerClient, platform.url, retailer.registerId);
  cleanups.push(() => card.close());
  const hardware = await startStoreHardware(new URL(platform.url).origin);
  cleanups.push(() => hardware.close());
  const bulkVariants = (count: number) =>
    seedBulkVariants(database.ownerUrl, retailer.tenantId, count);
  const bulkCount = Number(process.env.E2E_BULK_VARIANTS ?? 0);
  if (bulkCount > 0) log(`bulk variants: ${JSON.stringify(await bulkVariants(bulkCount))}`);

  const control = await startControlServer({
    owner: retailer.ownerClient,
    registerId: retailer.registerId,
    card,
    hardware,
    bulkVariants,
  });
  cleanups.push(() => control.close());

  const info: StackInfo = {
    runId,
    pid: process.pid,
    platformUrl: platform.url,
    registerUrl: `${platform.url}/register/`,
    controlUrl: control.url,
    database: database.name,
    owner: retailer.owner,
    tenantId: retailer.tenantId,
    storeId: retailer.storeId,
    storeName: retailer.storeName,
    registerId: retailer.registerId,
    registerName: retailer.registerName,
    backRegister: retailer.backRegister,
    currency: 'USD',
    taxRatePpm: TAX_RATE_PPM,
    cashier: retailer.cashier,
    manager: retailer.manager,
    products: retailer.products,
    embeddedLabels: retailer.embeddedLabels,
    bridge: {
      url: hardware.url,
      pairingCode: hardware.bridge().pairingCode(),
      printerName: PRINTER_NAME,
    },
    stripe: { url: card.fake.url, readerId: card.readerId },
  };
  // Written whole, then renamed: a reader never sees half a file.
  await mkdir(STACK_DIR, { recursive: true });
  await writeFile(`${STACK_FILE}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  await rename(`${STACK_FILE}.tmp`, STACK_FILE);
  log(`ready in ${Math.round(performance.now() - started)} ms: ${info.registerUrl}`);
}

main().catch((error: unknown) => {
  console.error('[stack] failed to start:', error);
  void stop('start failed', 1);
});
