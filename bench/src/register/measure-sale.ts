// 4. Completing a cash sale: 1 to 3 scanned items, then "Pay" -> "Cash" -> "Exact" ->
// "Complete sale" clicked by the driver, until the receipt screen (the sale is then durably in
// the outbox: the app enqueues before it shows the receipt), and until the server has
// committed it (the page's POST /sales/submit answered 2xx). Every sale is then read back from
// the server as the owner. Baseline: the same kind of sale posted by Node (POST
// /api/v1/sales/submit, one request, nothing in between).
import type { TillpointClient } from '@tillpoint/api-client';
import type { BulkCode } from './bulk-codes.ts';
import { distribution, type MeasureResult } from './results.ts';
import { armSale, installSaleHarness, saleTiming } from './sale-harness.ts';
import { installScanHarness, timedScan } from './scan-harness.ts';
import { saleStatus } from './server-sales.ts';
import { watchSubmits } from './submit-watch.ts';
import type { Till } from './till.ts';
import { focusScan, newSale, payExactCash } from './ui.ts';

export async function measureSale(
  till: Till,
  basket: () => BulkCode[],
  sales: number,
  owner: TillpointClient,
  baselineLatencies: readonly number[],
): Promise<MeasureResult> {
  const { page } = till;
  const watch = watchSubmits(page);
  const known = new Set(watch.answers.map((answer) => answer.saleId));
  const payToReceipt: number[] = [];
  const completeToReceipt: number[] = [];
  const payToServer: number[] = [];
  const receiptToServer: number[] = [];
  const ids: string[] = [];
  try {
    for (let index = 0; index < sales; index += 1) {
      await focusScan(page);
      await installScanHarness(page);
      await installSaleHarness(page);
      for (const item of basket()) await timedScan(page, item.code, item.name);
      await armSale(page);
      await payExactCash(page);
      const timing = await saleTiming(page);
      const answer = await watch.waitForNew(known, 30_000);
      known.add(answer.saleId);
      ids.push(answer.saleId);
      payToReceipt.push(timing.receipt - timing.pay);
      completeToReceipt.push(timing.receipt - timing.complete);
      payToServer.push(answer.at - timing.pay);
      receiptToServer.push(answer.at - timing.receipt);
      await newSale(page);
    }
  } finally {
    watch.stop();
  }
  let completed = 0;
  for (const id of ids) if ((await saleStatus(owner, id)) === 'completed') completed += 1;
  if (completed !== ids.length)
    throw new Error(`only ${completed} of ${ids.length} sales are completed on the server`);
  return {
    id: 'sale',
    title: '4. cash sale',
    rows: [
      distribution(
        'register',
        '"Pay" clicked -> receipt frame (3 more clicks by the driver)',
        payToReceipt,
      ),
      distribution(
        'register',
        '"Complete sale" clicked -> receipt frame (sale in the outbox)',
        completeToReceipt,
      ),
      distribution(
        'register',
        '"Pay" clicked -> server answered the submit (committed)',
        payToServer,
      ),
      distribution('register', 'receipt on screen -> server answered the submit', receiptToServer),
      distribution(
        'baseline',
        'Node: one POST /sales/submit of the same shape (round trip)',
        baselineLatencies,
      ),
    ],
    notes: [`${ids.length} sales, each read back as completed from GET /api/v1/sales/{id}`],
  };
}
