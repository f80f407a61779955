import { ok } from '@tillpoint/api-client';
import { useEffect, useRef, useState } from 'react';
import { cancelCardPayment, completeOnServer, runCardTender } from '../checkout/card-sale.ts';
import { completeOfflineSafe } from '../checkout/complete-offline-safe.ts';
import type { Checkout } from '../checkout/use-checkout.ts';
import { messageOf } from '../device/api.ts';
import type { NewPayment } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { paymentRefusal, previewCash, quickCashAmounts } from '../sale/tender.ts';
import type { CartTotals } from '../sale/totals.ts';
import { uuidv7 } from '../sale/uuid.ts';
import { money, parseAmount } from './money.ts';
import { ErrorNote } from './Notice.tsx';
import { type CompletedSale, TENDER_LABELS } from './receipt-model.ts';
import { useRegister } from './register-context.ts';
import {
  KeyedTenderForm,
  type TenderMethod as Method,
  REFUSALS,
  TenderMethodPicker,
} from './TenderForms.tsx';

type CardState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly paymentId: string; readonly status: string }
  | { readonly kind: 'declined'; readonly message: string };

export function TenderPanel({
  checkout,
  totals,
  context,
  onCompleted,
  onBack,
}: {
  readonly checkout: Checkout;
  readonly totals: CartTotals;
  readonly context: SaleContext;
  readonly onCompleted: (sale: CompletedSale) => void;
  readonly onBack: () => void;
}) {
  const { online, client, device, cashier, db, replayer } = useRegister();
  const { cart, onServer } = checkout.state;
  const [method, setMethod] = useState<Method>('cash');
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [card, setCard] = useState<CardState>({ kind: 'idle' });
  const [reader, setReader] = useState<string | null | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);

  const balance = totals.balanceMinor;
  const offlineBlocked = (kind: Method) =>
    !online && (kind === 'card' || !context.offlineTenders.includes(kind));
  const hasCard = cart.payments.some((payment) => payment.kind === 'card');

  useEffect(() => {
    if (method !== 'card' || !client || !device || !online) return;
    ok(
      client.api.GET('/api/v1/registers/{id}/card-reader', {
        params: { path: { id: device.registerId } },
      }),
    )
      .then((answer) => setReader(answer.cardReaderId))
      // A cashier may not read the plugin settings (plugins.read): unknown, not "no reader".
      // The charge itself says when the register has no reader.
      .catch(() => setReader(undefined));
  }, [method, client, device, online]);

  useEffect(() => () => abort.current?.abort(), []);

  function add(payment: NewPayment): boolean {
    setError(null);
    const refusal = paymentRefusal(cart, context, payment, { offline: !online });
    if (refusal) {
      setError(REFUSALS[refusal]);
      return false;
    }
    const refused = checkout.apply({ type: 'addPayment', payment });
    if (refused) {
      setError(refused);
      return false;
    }
    return true;
  }

  function typedAmount(): number | null {
    if (amountText.trim() === '') return balance;
    const amount = parseAmount(amountText, context);
    if (amount === null) setError('Type the amount, e.g. 20 or 12.50.');
    return amount;
  }

  async function chargeCard(retryOf?: string) {
    if (!client || !device) return;
    const amountMinor = typedAmount();
    if (amountMinor === null) return;
    if (amountMinor > balance) {
      setError('A card is charged at most the balance.');
      return;
    }
    const paymentId = retryOf ?? uuidv7();
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setCard({ kind: 'running', paymentId, status: 'Sending the sale to the server…' });
    checkout.markOnServer();
    try {
      const reply = await runCardTender({
        api: client.api,
        cart,
        registerId: device.registerId,
        attempt: { paymentId, amountMinor, expectedTotalMinor: totals.totalMinor },
        signal: controller.signal,
        onUpdate: (update) =>
          setCard({
            kind: 'running',
            paymentId,
            status:
              update.cardPayment.status === 'pending' || update.cardPayment.status === 'starting'
                ? 'Present card on the reader'
                : `Card payment ${update.cardPayment.status.replace('_', ' ')}`,
          }),
      });
      if (reply.cardPayment.status !== 'succeeded') {
        setCard({
          kind: 'declined',
          message:
            reply.cardPayment.failure?.message ??
            (reply.cardPayment.status === 'canceled'
              ? 'The card payment was cancelled.'
              : 'The card was declined.'),
        });
        return;
      }
      setCard({ kind: 'idle' });
      const refused = checkout.apply({
        type: 'addPayment',
        payment: {
          kind: 'card',
          amountMinor: reply.cardPayment.amountMinor,
          cardPaymentId: paymentId,
        },
      });
      if (refused) setError(refused);
      if (reply.sale.status === 'completed')
        onCompleted({
          saleId: reply.sale.id,
          via: 'server',
          cart,
          totals,
          context,
          payments: [
            ...cart.payments,
            {
              id: paymentId,
              kind: 'card',
              amountMinor: reply.cardPayment.amountMinor,
              cardPaymentId: paymentId,
            },
          ],
          receiptNumber: reply.sale.receiptNumber,
          offline: false,
          customerName: cart.customer?.name ?? null,
          completedAt: new Date().toISOString(),
          drawerJobId: cart.payments.some((payment) => payment.kind === 'cash') ? uuidv7() : null,
        });
    } catch (caught) {
      if (controller.signal.aborted) return;
      setCard({ kind: 'declined', message: messageOf(caught) });
    }
  }

  async function cancelCard() {
    if (card.kind !== 'running' || !client) return;
    abort.current?.abort();
    try {
      await cancelCardPayment(client.api, cart.id, card.paymentId);
      setCard({ kind: 'declined', message: 'The card payment was cancelled.' });
    } catch (caught) {
      setCard({ kind: 'declined', message: messageOf(caught) });
    }
  }

  async function complete() {
    if (!device || !cashier) return;
    setBusy(true);
    setError(null);
    const hadCash = cart.payments.some((payment) => payment.kind === 'cash');
    try {
      if (hasCard || onServer) {
        if (!client) return;
        const sale = await completeOnServer(client.api, cart, device.registerId, totals.totalMinor);
        if (sale.status !== 'completed') {
          setError(
            `The server still has ${money(sale.balanceDueMinor, context)} due on this sale.`,
          );
          return;
        }
        onCompleted({
          saleId: sale.id,
          via: 'server',
          cart,
          totals,
          context,
          payments: cart.payments,
          receiptNumber: sale.receiptNumber,
          offline: false,
          customerName: cart.customer?.name ?? null,
          completedAt: new Date().toISOString(),
          drawerJobId: hadCash ? uuidv7() : null,
        });
        return;
      }
      if (!db) {
        setError('The offline store is not open; reload the register.');
        return;
      }
      const done = await completeOfflineSafe({
        db,
        cart,
        context,
        registerId: device.registerId,
        token: cashier.token,
        user: cashier.user,
        offlineSignIn: cashier.offline,
        online,
        kick: () => replayer?.kick(),
      });
      onCompleted({
        saleId: done.saleId,
        via: 'outbox',
        cart,
        totals,
        context,
        payments: cart.payments,
        receiptNumber: null,
        offline: !online,
        customerName: cart.customer?.name ?? null,
        completedAt: done.body.occurredAt,
        drawerJobId: hadCash ? uuidv7() : null,
      });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const methods: readonly Method[] = [
    'cash',
    'card',
    'external',
    'gift_card',
    'store_credit',
    'other',
  ];
  const quick = quickCashAmounts(balance, context);
  const cardRunning = card.kind === 'running';

  return (
    <section className="tender" aria-label="Tender">
      <div className="tender-due">
        <span>{totals.paidInFull ? 'Paid in full' : 'Balance due'}</span>
        <strong className="amount-huge">{money(balance, context)}</strong>
        {totals.changeMinor > 0 ? (
          <span className="change">Change {money(totals.changeMinor, context)}</span>
        ) : null}
      </div>

      {cart.payments.length > 0 ? (
        <ul className="payments" aria-label="Payments taken">
          {cart.payments.map((payment) => (
            <li key={payment.id} className="row-between">
              <span>
                {TENDER_LABELS[payment.kind]} {money(payment.amountMinor, context)}
              </span>
              {payment.kind !== 'card' && !onServer ? (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${TENDER_LABELS[payment.kind]} payment of ${money(payment.amountMinor, context)}`}
                  onClick={() => checkout.apply({ type: 'removePayment', paymentId: payment.id })}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <ErrorNote message={error} />

      {!totals.paidInFull ? (
        <>
          <TenderMethodPicker
            methods={methods}
            method={method}
            disabled={cardRunning}
            blockedReason={(kind) => (offlineBlocked(kind) ? 'Not available offline' : null)}
            onChange={(kind) => {
              setMethod(kind);
              setError(null);
            }}
          />

          {method !== 'card' ? (
            <KeyedTenderForm
              method={method}
              balanceMinor={balance}
              context={context}
              quickCash={quick}
              customerAttached={cart.customer !== null}
              previewCash={(amountMinor) => previewCash(cart, context, amountMinor)}
              onAdd={add}
              onError={setError}
            />
          ) : null}

          {method === 'card' ? (
            <div className="stack">
              {reader === null ? (
                <ErrorNote message="No card reader is set for this register (back office → Registers)." />
              ) : reader ? (
                <p className="muted">Card reader {reader}</p>
              ) : null}
              {card.kind === 'running' ? (
                <div className="card-wait" role="status" aria-live="polite">
                  <p className="card-wait-text">{card.status}</p>
                  <button type="button" className="button" onClick={() => void cancelCard()}>
                    Cancel payment
                  </button>
                </div>
              ) : (
                <form
                  className="row"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void chargeCard();
                  }}
                >
                  <label className="field grow">
                    <span>Card amount</span>
                    <input
                      inputMode="decimal"
                      value={amountText}
                      placeholder={money(balance, context)}
                      onChange={(event) => setAmountText(event.target.value)}
                    />
                  </label>
                  <button
                    type="submit"
                    className="button button-primary"
                    disabled={!online || reader === null}
                  >
                    {card.kind === 'declined' ? 'Retry' : 'Charge'}
                  </button>
                </form>
              )}
              {card.kind === 'declined' ? <ErrorNote message={card.message} /> : null}
            </div>
          ) : null}
        </>
      ) : null}

      <div className="tender-actions">
        <button type="button" className="button" onClick={onBack} disabled={cardRunning}>
          Back to sale
        </button>
        <button
          type="button"
          className="button button-primary button-big"
          disabled={!totals.paidInFull || busy || cardRunning}
          onClick={() => void complete()}
        >
          {busy ? 'Completing…' : 'Complete sale'}
        </button>
      </div>
    </section>
  );
}
