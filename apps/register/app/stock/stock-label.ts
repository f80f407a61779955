import type { StockEntry } from './live-stock.ts';

// What a cart line or search result says about the shelf. Selling is never blocked here: the
// tenant's allowNegativeStock setting decides on the server; the register only makes it visible.

/** At or below this many units a tracked item says how many are left. */
export const LOW_STOCK_UNITS = 3;

export interface StockLabel {
  readonly text: string;
  readonly tone: 'out' | 'low';
  readonly stale: boolean;
}

export function stockLabel(entry: StockEntry | undefined): StockLabel | null {
  if (!entry?.trackStock) return null;
  if (entry.onHand <= 0) return { text: 'Sold out', tone: 'out', stale: entry.stale };
  if (entry.onHand <= LOW_STOCK_UNITS)
    return {
      // Quantities carry up to three decimals (weighed items); whole units read as integers.
      text: `${Number(entry.onHand.toFixed(3))} left`,
      tone: 'low',
      stale: entry.stale,
    };
  return null;
}
