// 5. Outbox replay of offline sales. With the network cut, OUTBOX_SALES entries are written
// straight into the page's IndexedDB outbox (not through the UI): each is what enqueueSale
// stores (records.ts NewOutboxEntry), its body built by the register's own sale model
// (toSubmitBody) from variants and the tax table the page cached, under the signed-in
// cashier's token. Then the network comes back and the app replays on its own; timed until
// the server holds the last sale, then every sale is checked to be there exactly once.
// Baseline: as many sequential POST /api/v1/sales/submit from Node.
import type { TillpointClient } from '@tillpoint/api-client';
import { snapshot, writeOutbox } from './idb-probe.ts';
import type { SubmitRun } from './node-baselines.ts';
import { type MeasureResult, span } from './results.ts';
import type { NewOutboxEntry } from './sale-bodies.ts';
import { checkExactlyOnce, saleStatus } from './server-sales.ts';
import type { Till } from './till.ts';

const TIMEOUT_MS = 15 * 60_000;

export async function measureReplay(
  till: Till,
  entries: readonly NewOutboxEntry[],
  registerId: string,
  owner: TillpointClient,
  baseline: SubmitRun,
): Promise<MeasureResult> {
  const { context, page } = till;
  const before = await snapshot(page);
  if (before.outbox !== 0) throw new Error(`the outbox already holds ${before.outbox} entries`);
  const last = entries.at(-1);
  if (!last) throw new Error('no entries to replay');

  await context.setOffline(true);
  let written: number;
  const writeStarted = performance.now();
  try {
    written = await writeOutbox(page, entries);
  } catch (error) {
    await context.setOffline(false);
    throw error;
  }
  const writeMs = performance.now() - writeStarted;
  if (written !== entries.length)
    throw new Error(`the outbox holds ${written} entries after writing ${entries.length}`);

  const online = Date.now();
  await context.setOffline(false);
  const deadline = online + TIMEOUT_MS;
  let heldAt: number | null = null;
  // Replays go strictly in outbox order, so the last entry on the server means every earlier
  // one was answered; the exactly-once check below confirms it.
  while (Date.now() < deadline) {
    if ((await saleStatus(owner, last.saleId)) !== null) {
      heldAt = Date.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (heldAt === null) {
    const now = await snapshot(page);
    throw new Error(
      `the last sale was not on the server after ${TIMEOUT_MS / 1000} s (outbox ${now.outbox})`,
    );
  }
  const problem = await checkExactlyOnce(
    owner,
    registerId,
    entries.map((entry) => entry.saleId),
  );
  if (problem !== null) throw new Error(`after the replay: ${problem}`);
  let drained = await snapshot(page);
  for (let tries = 0; drained.outbox > 0 && tries < 50; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    drained = await snapshot(page);
  }
  return {
    id: 'replay',
    title: `5. outbox replay`,
    rows: [
      span(
        'register',
        `back online -> server holds all ${entries.length} offline sales`,
        entries.length,
        heldAt - online,
      ),
      span(
        'baseline',
        `Node: ${baseline.latencies.length} sequential POST /sales/submit`,
        baseline.latencies.length,
        baseline.ms,
      ),
    ],
    notes: [
      `${entries.length} entries written into the IndexedDB outbox from page.evaluate (shape of records.ts NewOutboxEntry, bodies from toSubmitBody) in ${Math.round(writeMs)} ms, offline`,
      `server: each of the ${entries.length} sale ids listed exactly once for the register; outbox left: ${drained.outbox}`,
    ],
  };
}
