// 2. Scan-to-line with the whole catalog cached: random bulk barcodes typed into "Scan or
// search" like a USB scanner, timed inside the page. Every SALE_LINES scans the cart is cleared
// ("Clear sale", untimed) so carts stay the size of a real basket. Baseline in the same page: one raw
// IndexedDB get on the barcodes index per code, the floor under any lookup.
import type { BulkCode } from './bulk-codes.ts';
import { rawIndexGets } from './idb-probe.ts';
import { distribution, type MeasureResult } from './results.ts';
import { installScanHarness, timedScan } from './scan-harness.ts';
import type { Till } from './till.ts';
import { clearSale, focusScan } from './ui.ts';

const SALE_LINES = 20;

export async function measureScan(till: Till, codes: readonly BulkCode[]): Promise<MeasureResult> {
  const { page } = till;
  await focusScan(page);
  await installScanHarness(page);
  const dom: number[] = [];
  const frame: number[] = [];
  const notes: string[] = [];
  let clearFailures = 0;
  for (const [index, item] of codes.entries()) {
    const timing = await timedScan(page, item.code, item.name);
    dom.push(timing.domMs);
    frame.push(timing.frameMs);
    if ((index + 1) % SALE_LINES === 0 && index + 1 < codes.length) {
      try {
        await clearSale(page);
      } catch (error) {
        clearFailures += 1;
        notes.push(
          `clearing the cart after scan ${index + 1} failed: ${String(error).slice(0, 200)}`,
        );
      }
      await focusScan(page);
      await installScanHarness(page);
    }
  }
  const raw = await rawIndexGets(
    page,
    codes.map((item) => item.key),
  );
  if (raw.misses > 0) notes.push(`baseline: ${raw.misses} of ${codes.length} keys not found`);
  notes.unshift(
    `${codes.length} distinct random barcodes of the bulk catalog; carts cleared every ${SALE_LINES} lines${clearFailures > 0 ? ` (${clearFailures} clears failed, carts grew)` : ''}`,
  );
  const framed = distribution(
    'register',
    'Enter keydown -> frame showing the line rendered',
    frame,
  );
  notes.push(
    `target p95 < 50 ms (Enter -> line on screen): ${(framed.p95 ?? Number.POSITIVE_INFINITY) < 50 ? 'met' : 'NOT met'} (${framed.p95} ms)`,
  );
  return {
    id: 'scan',
    title: '2. scan -> cart line',
    rows: [
      distribution('register', 'Enter keydown -> line in the DOM', dom),
      framed,
      distribution(
        'baseline',
        'raw IndexedDB get on the barcodes index, same page, same codes',
        raw.latencies,
      ),
    ],
    notes,
  };
}
