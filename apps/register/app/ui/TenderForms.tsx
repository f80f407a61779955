import { useState } from 'react';
import type { CartPayment, NewPayment } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import type { CashPreview, PaymentRefusal } from '../sale/tender.ts';
import { money, parseAmount } from './money.ts';
import { InfoNote } from './Notice.tsx';
import { TENDER_LABELS } from './receipt-model.ts';

// The tender buttons and the entry forms of every tender the register keys in by hand (all but
// the integrated card reader, which the server drives). Shared by the sale's tender panel and
// the exchange, so both validate and word each tender the same way.

export type TenderMethod = CartPayment['kind'];
/** The tenders entered on a form here; the card reader has its own flow. */
export type KeyedMethod = Exclude<TenderMethod, 'card'>;

export const REFUSALS: Record<PaymentRefusal, string> = {
  amount_invalid: 'Type an amount greater than zero.',
  nothing_due: 'Nothing is left to pay.',
  exceeds_balance: 'Only cash may be more than the balance (it gives change).',
  customer_required: 'Attach a customer to pay with store credit.',
  code_required: 'Type or scan the gift card number.',
  reference_required: 'Type the approval code from the terminal.',
  not_offline: 'This tender is not accepted while offline.',
};

export function TenderMethodPicker({
  methods,
  method,
  onChange,
  blockedReason,
  disabled = false,
}: {
  readonly methods: readonly TenderMethod[];
  readonly method: TenderMethod;
  readonly onChange: (method: TenderMethod) => void;
  /** Why a tender cannot be taken now (e.g. offline), or null. */
  readonly blockedReason: (method: TenderMethod) => string | null;
  readonly disabled?: boolean;
}) {
  return (
    <fieldset className="tender-methods plain-fieldset">
      <legend className="visually-hidden">Tender type</legend>
      {methods.map((kind) => {
        const reason = blockedReason(kind);
        return (
          <button
            key={kind}
            type="button"
            className={method === kind ? 'tender-method tender-method-on' : 'tender-method'}
            aria-pressed={method === kind}
            disabled={reason !== null || disabled}
            title={reason ?? undefined}
            onClick={() => onChange(kind)}
          >
            {TENDER_LABELS[kind]}
            {reason ? <small className="reason">{reason}</small> : null}
          </button>
        );
      })}
    </fieldset>
  );
}

/**
 * The form of one keyed tender. An empty amount means "the balance". `onAdd` answers whether
 * the payment was taken (the caller checks it against its own balance); the typed values are
 * cleared only then, so a refused entry can be corrected.
 */
export function KeyedTenderForm({
  method,
  balanceMinor,
  context,
  quickCash,
  customerAttached,
  previewCash,
  onAdd,
  onError,
}: {
  readonly method: KeyedMethod;
  readonly balanceMinor: number;
  readonly context: SaleContext;
  /** Quick cash amounts, the exact amount first. */
  readonly quickCash: readonly number[];
  readonly customerAttached: boolean;
  readonly previewCash: (amountMinor: number) => CashPreview;
  readonly onAdd: (payment: NewPayment) => boolean;
  readonly onError: (message: string) => void;
}) {
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');

  function typedAmount(): number | null {
    if (amountText.trim() === '') return balanceMinor;
    const amount = parseAmount(amountText, context);
    if (amount === null) onError('Type the amount, e.g. 20 or 12.50.');
    return amount;
  }

  function add(payment: NewPayment) {
    if (!onAdd(payment)) return;
    setAmountText('');
    setReference('');
  }

  const amountField = (label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        inputMode="decimal"
        value={amountText}
        placeholder={money(balanceMinor, context)}
        onChange={(event) => setAmountText(event.target.value)}
      />
    </label>
  );

  if (method === 'cash') {
    const typedCash = amountText.trim() !== '' ? parseAmount(amountText, context) : null;
    const cashPreview = typedCash !== null && typedCash > 0 ? previewCash(typedCash) : null;
    return (
      <div className="stack">
        <fieldset className="quick-cash plain-fieldset">
          <legend className="visually-hidden">Quick cash amounts</legend>
          {quickCash.map((amount, index) => (
            <button
              key={amount}
              type="button"
              className="button button-cash"
              aria-label={index === 0 ? 'Exact' : `Take ${money(amount, context)}`}
              onClick={() => add({ kind: 'cash', amountMinor: amount })}
            >
              {index === 0 ? `Exact ${money(amount, context)}` : money(amount, context)}
            </button>
          ))}
        </fieldset>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            const amount = typedAmount();
            if (amount !== null) add({ kind: 'cash', amountMinor: amount });
          }}
        >
          <label className="field grow">
            <span>Cash received</span>
            <input
              inputMode="decimal"
              value={amountText}
              onChange={(event) => setAmountText(event.target.value)}
            />
          </label>
          <button type="submit" className="button">
            Add amount
          </button>
        </form>
        {cashPreview ? (
          <p className="muted" role="status">
            {cashPreview.settles
              ? `Change due ${money(cashPreview.changeMinor, context)}`
              : `Still due ${money(cashPreview.balanceMinor, context)}`}
          </p>
        ) : null}
      </div>
    );
  }

  if (method === 'store_credit')
    return (
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const amountMinor = typedAmount();
          if (amountMinor !== null) add({ kind: 'store_credit', amountMinor });
        }}
      >
        {!customerAttached ? <InfoNote>Attach a customer first (Customer button).</InfoNote> : null}
        {amountField('Amount')}
        <button type="submit" className="button button-primary" disabled={!customerAttached}>
          Add store credit payment
        </button>
      </form>
    );

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        const amountMinor = typedAmount();
        if (amountMinor === null) return;
        if (method === 'gift_card')
          add({ kind: 'gift_card', amountMinor, giftCardCode: reference });
        else add({ kind: method, amountMinor, reference });
      }}
    >
      <label className="field">
        <span>
          {method === 'gift_card'
            ? 'Gift card number'
            : method === 'external'
              ? 'Approval code'
              : 'Reference'}
        </span>
        <input
          value={reference}
          onChange={(event) => setReference(event.target.value)}
          autoComplete="off"
        />
      </label>
      {amountField('Amount')}
      <button type="submit" className="button button-primary">
        Add {TENDER_LABELS[method].toLowerCase()} payment
      </button>
    </form>
  );
}
