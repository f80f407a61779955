import type { Cart, CartLine } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import type { CartTotals } from '../sale/totals.ts';
import type { StockSnapshot } from '../stock/live-stock.ts';
import { StockBadge } from '../stock/StockBadge.tsx';
import { money } from './money.ts';
import { EmptyState } from './Notice.tsx';

function quantityLabel(line: CartLine): string {
  return line.variant.unit === 'weight'
    ? `${(line.quantityMilli / 1000).toFixed(3)} kg`
    : String(line.quantityMilli / 1000);
}

export function CartView({
  cart,
  totals,
  context,
  locked,
  onStep,
  onRemove,
  onEdit,
  stock,
}: {
  readonly cart: Cart;
  readonly totals: CartTotals;
  readonly context: SaleContext;
  readonly locked: boolean;
  readonly onStep: (line: CartLine, delta: 1 | -1) => void;
  readonly onRemove: (line: CartLine) => void;
  readonly onEdit: (line: CartLine) => void;
  /** Live shelf levels: a line of a sold-out or nearly sold-out item says so. */
  readonly stock?: StockSnapshot;
}) {
  if (cart.lines.length === 0)
    return (
      <EmptyState title="No items yet">Scan a barcode, search, or tap a quick key.</EmptyState>
    );
  const priced = new Map(totals.lines.map((line) => [line.id, line]));
  return (
    <ol className="cart-lines" aria-label="Cart">
      {cart.lines.map((line) => {
        const figures = priced.get(line.id);
        const changed = line.priceOverrideMinor !== null || line.discount !== null;
        return (
          <li key={line.id} className="cart-line">
            <button
              type="button"
              className="cart-line-name"
              onClick={() => onEdit(line)}
              disabled={locked}
              aria-label={`Edit ${line.variant.name}`}
            >
              <span>{line.variant.name}</span>
              <span className="muted small">
                {figures ? money(figures.unitPriceMinor, context) : ''}
                {line.variant.unit === 'weight' ? '/kg' : ''}
                {line.priceOverrideMinor !== null ? ' · price changed' : ''}
                {line.discount !== null && figures
                  ? ` · −${money(figures.discountMinor, context)}`
                  : ''}
              </span>
              <StockBadge entry={stock?.get(line.variant.id)} />
            </button>
            <fieldset className="qty plain-fieldset">
              <legend className="visually-hidden">{`Quantity of ${line.variant.name}`}</legend>
              {line.variant.unit === 'each' && !line.standalone ? (
                <button
                  type="button"
                  className="qty-button"
                  aria-label={`Decrease ${line.variant.name}`}
                  disabled={locked}
                  onClick={() => onStep(line, -1)}
                >
                  −
                </button>
              ) : null}
              <span className="qty-value">{quantityLabel(line)}</span>
              {line.variant.unit === 'each' && !line.standalone ? (
                <button
                  type="button"
                  className="qty-button"
                  aria-label={`Increase ${line.variant.name}`}
                  disabled={locked}
                  onClick={() => onStep(line, 1)}
                >
                  +
                </button>
              ) : null}
            </fieldset>
            <span className={changed ? 'line-total line-total-changed' : 'line-total'}>
              {figures ? money(figures.totalMinor, context) : ''}
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${line.variant.name}`}
              disabled={locked}
              onClick={() => onRemove(line)}
            >
              ×
            </button>
          </li>
        );
      })}
    </ol>
  );
}

export function TotalsView({
  totals,
  context,
}: {
  readonly totals: CartTotals;
  readonly context: SaleContext;
}) {
  return (
    <dl className="totals">
      <div className="totals-row">
        <dt>Subtotal</dt>
        <dd>{money(totals.grossMinor, context)}</dd>
      </div>
      {totals.discountMinor > 0 ? (
        <div className="totals-row">
          <dt>Discounts</dt>
          <dd>−{money(totals.discountMinor, context)}</dd>
        </div>
      ) : null}
      {context.taxMode === 'exclusive' ? (
        <div className="totals-row">
          <dt>Tax</dt>
          <dd>{money(totals.taxMinor, context)}</dd>
        </div>
      ) : (
        <div className="totals-row muted">
          <dt>Tax included</dt>
          <dd>{money(totals.taxMinor, context)}</dd>
        </div>
      )}
      {totals.exemptTaxRemovedMinor > 0 ? (
        <div className="totals-row">
          <dt>Tax exempt</dt>
          <dd>−{money(totals.exemptTaxRemovedMinor, context)}</dd>
        </div>
      ) : null}
      <div className="totals-row totals-total">
        <dt>Total</dt>
        <dd>{money(totals.totalMinor, context)}</dd>
      </div>
    </dl>
  );
}
