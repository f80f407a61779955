import type { ProgressUpdate } from './import-queries.ts';

/** Share of the progress bar each step takes: checking reads the file twice, importing once. */
export const PROGRESS = {
  read: [0, 20],
  check: [20, 40],
  write: [40, 100],
} as const satisfies Record<string, readonly [number, number]>;

export function percentOf(step: keyof typeof PROGRESS, done: number, total: number): number {
  const [from, to] = PROGRESS[step];
  const share = total > 0 ? Math.min(1, done / total) : 1;
  return Math.floor(from + (to - from) * share);
}

/**
 * Writes progress at most every `intervalMs`, best effort: a lost update only makes the bar lag,
 * so it must never fail the import.
 */
export function progressWriter(
  write: (update: ProgressUpdate) => Promise<void>,
  intervalMs = 500,
): (update: ProgressUpdate, now?: boolean) => Promise<void> {
  let last = 0;
  return async (update, now = false) => {
    if (!now && Date.now() - last < intervalMs) return;
    last = Date.now();
    try {
      await write(update);
    } catch {
      // Best effort (see above): the next update or the end of the import catches up.
    }
  };
}
