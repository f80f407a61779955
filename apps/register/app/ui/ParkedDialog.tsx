import type { ParkedCart } from '../checkout/parked-carts.ts';
import type { SaleContext } from '../sale/context.ts';
import { priceCart } from '../sale/totals.ts';
import { Dialog } from './Dialog.tsx';
import { money } from './money.ts';
import { EmptyState } from './Notice.tsx';

export function ParkedDialog({
  parked,
  context,
  onResume,
  onClose,
}: {
  readonly parked: readonly ParkedCart[];
  readonly context: SaleContext;
  readonly onResume: (cartId: string) => void;
  readonly onClose: () => void;
}) {
  return (
    <Dialog title="Parked sales" onClose={onClose}>
      {parked.length === 0 ? <EmptyState title="No parked sales" /> : null}
      <ul className="result-list">
        {parked.map((entry) => (
          <li key={entry.cart.id} className="row-between">
            <span>
              <strong>{entry.label}</strong>
              <span className="muted">
                {' '}
                · {entry.cart.lines.length} lines ·{' '}
                {money(priceCart(entry.cart, context).totalMinor, context)} · parked by{' '}
                {entry.parkedBy} at {new Date(entry.parkedAt).toLocaleTimeString()}
              </span>
            </span>
            <button
              type="button"
              className="button button-primary"
              aria-label={`Resume ${entry.label}`}
              onClick={() => onResume(entry.cart.id)}
            >
              Resume
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
