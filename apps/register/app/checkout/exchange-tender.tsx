import { useState } from 'react';
import type { Cart, CartAction, NewPayment } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { quickCashAmounts } from '../sale/tender.ts';
import {
  type KeyedMethod,
  KeyedTenderForm,
  REFUSALS,
  type TenderMethod,
  TenderMethodPicker,
} from '../ui/TenderForms.tsx';
import { exchangePaymentRefusal, previewExchangeCash } from './exchange.ts';

// How the customer pays an exchange's difference: every tender the sale's tender panel keys in,
// split as the cashier likes. The integrated card reader is left out: it charges through the
// server's card-sale flow, which an exchange (one POST settling both documents) does not run.

const METHODS: readonly KeyedMethod[] = ['cash', 'external', 'gift_card', 'store_credit', 'other'];

export function ExchangeTender({
  cart,
  context,
  returnMinor,
  dueMinor,
  disabled,
  apply,
  onError,
}: {
  readonly cart: Cart;
  readonly context: SaleContext;
  readonly returnMinor: number;
  /** Still to pay after the return and the payments taken. */
  readonly dueMinor: number;
  readonly disabled: boolean;
  /** Applies a cart action; false when the cart refused it (the caller shows why). */
  readonly apply: (action: CartAction) => boolean;
  readonly onError: (message: string | null) => void;
}) {
  const [method, setMethod] = useState<KeyedMethod>('cash');

  function add(payment: NewPayment): boolean {
    onError(null);
    const refusal = exchangePaymentRefusal(returnMinor, cart, context, payment);
    if (refusal) {
      onError(REFUSALS[refusal]);
      return false;
    }
    return apply({ type: 'addPayment', payment });
  }

  return (
    <section className="stack" aria-label="Pay the difference">
      <TenderMethodPicker
        methods={METHODS}
        method={method}
        disabled={disabled}
        blockedReason={() => null}
        onChange={(kind: TenderMethod) => {
          if (kind === 'card') return;
          setMethod(kind);
          onError(null);
        }}
      />
      <KeyedTenderForm
        key={method}
        method={method}
        balanceMinor={dueMinor}
        context={context}
        quickCash={quickCashAmounts(dueMinor, context)}
        customerAttached={cart.customer !== null}
        previewCash={(amountMinor) => previewExchangeCash(returnMinor, cart, context, amountMinor)}
        onAdd={add}
        onError={onError}
      />
    </section>
  );
}
