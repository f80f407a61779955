import { useState } from 'react';
import { discountNeedsApproval } from '../checkout/approvals.ts';
import type { Cart, CartAction } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import type { CartTotals } from '../sale/totals.ts';
import { Dialog } from './Dialog.tsx';
import { DiscountFields, discountOf, draftOf } from './DiscountFields.tsx';
import { ErrorNote } from './Notice.tsx';
import { useRegister } from './register-context.ts';
import { useApproval } from './use-approval.tsx';

export function OrderDiscountDialog({
  cart,
  totals,
  context,
  apply,
  onClose,
}: {
  readonly cart: Cart;
  readonly totals: CartTotals;
  readonly context: SaleContext;
  readonly apply: (action: CartAction) => string | null;
  readonly onClose: () => void;
}) {
  const { cashier, salesSettings, online } = useRegister();
  const approval = useApproval();
  const [draft, setDraft] = useState(draftOf(cart.orderDiscount, context));
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const discount = discountOf(draft, context);
    if (typeof discount === 'string') {
      setError(discount);
      return;
    }
    let approvalId: string | null = null;
    // The server compares an order discount with the gross after line discounts.
    const base = totals.grossMinor - totals.lineDiscountMinor;
    if (
      discount !== null &&
      online &&
      discountNeedsApproval(
        cashier?.user.role ?? 'cashier',
        salesSettings?.discountLimits ?? {},
        discount,
        base,
      )
    ) {
      approvalId = await approval.ask('sale.discount_over_limit');
      if (!approvalId) return;
    }
    const refused = apply({
      type: 'setOrderDiscount',
      discount,
      ...(approvalId ? { approvalId } : {}),
    });
    if (refused) setError(refused);
    else onClose();
  }

  return (
    <Dialog title="Order discount" onClose={onClose}>
      <ErrorNote message={error} />
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <DiscountFields label="Order discount" draft={draft} onChange={setDraft} />
        <div className="button-row">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Apply discount
          </button>
        </div>
      </form>
      {approval.dialog}
    </Dialog>
  );
}
