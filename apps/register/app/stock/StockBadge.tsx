import type { StockEntry } from './live-stock.ts';
import { stockLabel } from './stock-label.ts';

/** "Sold out" / "2 left" next to an item; nothing when the shelf has plenty or is not counted. */
export function StockBadge({ entry }: { readonly entry: StockEntry | undefined }) {
  const label = stockLabel(entry);
  if (!label) return null;
  return (
    <span
      className={`stock-badge stock-badge-${label.tone}${label.stale ? ' stock-badge-stale' : ''}`}
      title={label.stale ? 'Last known stock: the live feed is not connected' : undefined}
    >
      {label.text}
      {label.stale ? ' (last known)' : ''}
    </span>
  );
}
