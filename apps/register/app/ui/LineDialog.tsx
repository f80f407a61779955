import { formatMinor } from '@tillpoint/domain';
import { useState } from 'react';
import { discountNeedsApproval, overrideNeedsApproval } from '../checkout/approvals.ts';
import type { CartAction, CartLine } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import type { PricedCartLine } from '../sale/totals.ts';
import { Dialog } from './Dialog.tsx';
import { DiscountFields, discountOf, draftOf } from './DiscountFields.tsx';
import { money, parseAmount } from './money.ts';
import { ErrorNote, InfoNote } from './Notice.tsx';
import { useRegister } from './register-context.ts';
import { useApproval } from './use-approval.tsx';

// One line's quantity, discount and price. Online, a change the cashier's role may not make
// alone asks for a manager's PIN first; offline the change is kept and the server flags it.

function quantityText(line: CartLine): string {
  return line.variant.unit === 'weight'
    ? (line.quantityMilli / 1000).toFixed(3)
    : String(line.quantityMilli / 1000);
}

function quantityMilliOf(text: string, unit: CartLine['variant']['unit']): number | null {
  const match = /^(\d{1,6})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  const milli = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  if (unit === 'each' && milli % 1000 !== 0) return null;
  return milli;
}

export function LineDialog({
  line,
  priced,
  context,
  apply,
  onClose,
}: {
  readonly line: CartLine;
  readonly priced: PricedCartLine | undefined;
  readonly context: SaleContext;
  readonly apply: (action: CartAction) => string | null;
  readonly onClose: () => void;
}) {
  const { cashier, salesSettings, online } = useRegister();
  const approval = useApproval();
  const [quantity, setQuantity] = useState(quantityText(line));
  const [discount, setDiscount] = useState(draftOf(line.discount, context));
  const [override, setOverride] = useState(
    line.priceOverrideMinor === null ? '' : formatMinor(line.priceOverrideMinor, context.currency),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const role = cashier?.user.role ?? 'cashier';

  async function save() {
    setError(null);
    const quantityMilli = quantityMilliOf(quantity, line.variant.unit);
    if (quantityMilli === null) {
      setError(
        line.variant.unit === 'each'
          ? 'The quantity is a whole number.'
          : 'The weight is in kg, up to 3 decimals (0.250).',
      );
      return;
    }
    const nextDiscount = discountOf(discount, context);
    if (typeof nextDiscount === 'string') {
      setError(nextDiscount);
      return;
    }
    const overrideMinor = override.trim() === '' ? null : parseAmount(override, context);
    if (override.trim() !== '' && overrideMinor === null) {
      setError('Type the new price as an amount, e.g. 4.99.');
      return;
    }
    setBusy(true);
    const actions: CartAction[] = [];
    if (quantityMilli !== line.quantityMilli)
      actions.push({ type: 'setQuantity', lineId: line.id, quantityMilli });
    if (overrideMinor !== line.priceOverrideMinor) {
      let approvalId: string | null = null;
      if (overrideMinor !== null && online && overrideNeedsApproval(role)) {
        approvalId = await approval.ask('sale.price_override', { lineId: line.id });
        if (!approvalId) {
          setBusy(false);
          return;
        }
      }
      actions.push({
        type: 'overridePrice',
        lineId: line.id,
        priceMinor: overrideMinor,
        ...(approvalId ? { approvalId } : {}),
      });
    }
    if (JSON.stringify(nextDiscount) !== JSON.stringify(line.discount)) {
      let approvalId: string | null = null;
      const gross = priced?.grossMinor ?? 0;
      if (
        nextDiscount !== null &&
        online &&
        discountNeedsApproval(role, salesSettings?.discountLimits ?? {}, nextDiscount, gross)
      ) {
        approvalId = await approval.ask('sale.discount_over_limit', { lineId: line.id });
        if (!approvalId) {
          setBusy(false);
          return;
        }
      }
      actions.push({
        type: 'setLineDiscount',
        lineId: line.id,
        discount: nextDiscount,
        ...(approvalId ? { approvalId } : {}),
      });
    }
    for (const action of actions) {
      const refused = apply(action);
      if (refused) {
        setError(refused);
        setBusy(false);
        return;
      }
    }
    onClose();
  }

  return (
    <Dialog title={line.variant.name} onClose={onClose}>
      <p className="muted">
        {line.variant.sku} · list price {money(line.variant.priceMinor, context)}
        {line.variant.unit === 'weight' ? ' per kg' : ''}
      </p>
      {!online ? (
        <InfoNote>Offline: changes that need a manager are kept and flagged for review.</InfoNote>
      ) : null}
      <ErrorNote message={error} />
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label className="field">
          <span>{line.variant.unit === 'weight' ? 'Weight (kg)' : 'Quantity'}</span>
          <input
            inputMode="decimal"
            value={quantity}
            onChange={(event) => setQuantity(event.target.value)}
          />
        </label>
        <DiscountFields label="Line discount" draft={discount} onChange={setDiscount} />
        <label className="field">
          <span>Price override</span>
          <input
            inputMode="decimal"
            value={override}
            placeholder={formatMinor(line.variant.priceMinor, context.currency)}
            onChange={(event) => setOverride(event.target.value)}
          />
        </label>
        <div className="button-row">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Apply changes
          </button>
        </div>
      </form>
      {approval.dialog}
    </Dialog>
  );
}
