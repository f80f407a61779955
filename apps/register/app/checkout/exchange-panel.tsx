import { ok } from '@tillpoint/api-client';
import { useMemo, useRef, useState } from 'react';
import type { ServerSale } from '../api-types.ts';
import { isNetworkError, messageOf } from '../device/api.ts';
import { printReceipt } from '../hardware/print-receipt.ts';
import { lookupBarcode, searchCatalog } from '../offline/catalog-cache.ts';
import type { CachedVariant as StoredVariant } from '../offline/db.ts';
import { type CachedVariant, type Cart, type CartAction, emptyCart } from '../sale/cart.ts';
import { tryCartAction } from '../sale/guard.ts';
import { scannedItemAction } from '../sale/label-price.ts';
import { priceCart } from '../sale/totals.ts';
import { uuidv7 } from '../sale/uuid.ts';
import { CustomerDialog } from '../ui/CustomerDialog.tsx';
import { money } from '../ui/money.ts';
import { ErrorNote, InfoNote } from '../ui/Notice.tsx';
import { TENDER_LABELS } from '../ui/receipt-model.ts';
import { useRegister } from '../ui/register-context.ts';
import { ScanBox } from '../ui/ScanBox.tsx';
import {
  type ExchangeReply,
  exchangeFigures,
  type ReturnChoice,
  returnValueMinor,
  type SaleRefund,
  toExchangeBody,
} from './exchange.ts';
import { ExchangeTender } from './exchange-tender.tsx';

// The exchange step of the returns screen: the chosen lines come back, the cashier scans the
// replacement items, the customer pays (or gets back) the difference, and one POST
// /api/v1/exchanges settles both documents together. Online only, like every return.

function cartVariant(variant: StoredVariant): CachedVariant {
  return {
    id: variant.id,
    name: variant.name,
    sku: variant.sku,
    priceMinor: variant.priceMinor,
    taxCategoryId: variant.taxCategoryId,
    unit: variant.unit,
  };
}

/** Refusals that the platform does not keep under the idempotency key: retry with the same ids. */
function keepsIds(error: unknown): boolean {
  if (isNetworkError(error)) return true;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && (status >= 500 || [409, 423, 429].includes(status));
}

export function ExchangePanel({
  sale,
  refunds,
  choices,
  reason,
  onCancel,
  onNext,
}: {
  readonly sale: ServerSale;
  readonly refunds: readonly SaleRefund[];
  readonly choices: readonly ReturnChoice[];
  readonly reason: string;
  readonly onCancel: () => void;
  readonly onNext: () => void;
}) {
  const { client, device, db, saleContext: context, online, bridge, cashier } = useRegister();
  const [cart, setCart] = useState<Cart>(() => emptyCart());
  const [refundId, setRefundId] = useState(() => uuidv7());
  const [results, setResults] = useState<readonly StoredVariant[] | null>(null);
  const [choosingCustomer, setChoosingCustomer] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExchangeReply | null>(null);
  const submitting = useRef(false);

  const returnMinor = useMemo(() => {
    try {
      return returnValueMinor(sale, refunds, choices);
    } catch (caught) {
      return caught instanceof Error ? caught : new Error(String(caught));
    }
  }, [sale, refunds, choices]);
  const figures = useMemo(
    () =>
      context && typeof returnMinor === 'number'
        ? exchangeFigures(returnMinor, cart, context)
        : null,
    [context, returnMinor, cart],
  );
  const totals = useMemo(() => (context ? priceCart(cart, context) : null), [cart, context]);

  if (!online)
    return (
      <ErrorNote message="Exchanges need the network: both documents are made on the server." />
    );
  if (!context || !figures || !totals)
    return (
      <ErrorNote
        message={
          returnMinor instanceof Error
            ? returnMinor.message
            : 'The tax table is not on this register yet. Wait for the catalog sync.'
        }
      />
    );

  function apply(action: CartAction): boolean {
    if (!context) return false;
    const result = tryCartAction(cart, action, context);
    if (!result.ok) {
      setError(result.error.message);
      return false;
    }
    setCart(result.cart);
    setError(null);
    return true;
  }

  async function onScan(text: string) {
    setError(null);
    setMessage(null);
    if (!db || !context) {
      setError('The catalog is not on this register yet. Wait for the sync.');
      return;
    }
    if (cart.payments.length > 0) {
      setError('Money has been taken: remove the payment before changing the items.');
      return;
    }
    const match = await lookupBarcode(db, text);
    if (match) {
      addItem(cartVariant(match.variant), match.embedded);
      return;
    }
    if (/^\d+$/.test(text)) {
      setError(`No item has the barcode ${text}.`);
      return;
    }
    setResults(await searchCatalog(db, text, 12));
  }

  function addItem(variant: CachedVariant, embedded: Parameters<typeof scannedItemAction>[1]) {
    if (!context) return;
    if (variant.unit === 'weight' && embedded === null) {
      setError(`${variant.name} is sold by weight: scan its scale label.`);
      return;
    }
    if (apply(scannedItemAction(variant, embedded, context))) {
      setResults(null);
      setMessage(`Added ${variant.name}`);
    }
  }

  async function submit() {
    if (!client || !device || !context || submitting.current) return;
    setError(null);
    let body: ReturnType<typeof toExchangeBody>;
    try {
      body = toExchangeBody(cart, context, {
        refundId,
        registerId: device.registerId,
        sale,
        refunds,
        choices,
        reason,
      });
    } catch (caught) {
      setError(messageOf(caught));
      return;
    }
    submitting.current = true;
    setBusy(true);
    try {
      const reply = await ok(
        client.api.POST('/api/v1/exchanges', {
          params: { header: { 'idempotency-key': refundId } },
          body,
        }),
      );
      setDone(reply);
      setMessage(null);
      const cashMoved =
        body.sale.payments.some((payment) => payment.kind === 'cash') ||
        reply.refund.payments.some((payment) => payment.kind === 'cash');
      if (cashMoved && bridge)
        await bridge
          .openDrawer({ jobId: uuidv7(), registerId: device.registerId })
          .catch(() => undefined);
    } catch (caught) {
      setError(messageOf(caught));
      // A kept refusal answers the same again under this key: the next attempt is a new one.
      if (!keepsIds(caught)) {
        setRefundId(uuidv7());
        setCart((current) => ({ ...current, id: uuidv7() }));
      }
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  }

  async function print() {
    if (!bridge || !device || !cashier || !done) return;
    try {
      const copy = 'customer' as const;
      await printReceipt(
        bridge,
        device.registerId,
        { kind: 'refunds', id: done.refund.id, copy },
        cashier.token,
      );
      await printReceipt(
        bridge,
        device.registerId,
        { kind: 'sales', id: done.sale.id, copy },
        cashier.token,
      );
      setMessage('Exchange receipts sent to the printer.');
    } catch (caught) {
      setError(messageOf(caught));
    }
  }

  if (done) {
    const back = done.refund.payments.filter((payment) => payment.kind !== 'exchange');
    return (
      <section className="stack" aria-label="Exchange done">
        <h2>Exchange complete</h2>
        {message ? <InfoNote>{message}</InfoNote> : null}
        <ErrorNote message={error} />
        <p>
          Return {done.refund.receiptNumber} · New sale {done.sale.receiptNumber}
        </p>
        <dl className="totals">
          <div className="totals-row">
            <dt>Returned</dt>
            <dd>{money(done.refund.totalMinor, context)}</dd>
          </div>
          <div className="totals-row">
            <dt>New items</dt>
            <dd>{money(done.sale.totalMinor, context)}</dd>
          </div>
          <div className="totals-row totals-total">
            <dt>{done.differenceMinor >= 0 ? 'Customer paid' : 'Customer gets back'}</dt>
            <dd>{money(Math.abs(done.differenceMinor), context)}</dd>
          </div>
          {done.sale.changeMinor > 0 ? (
            <div className="totals-row">
              <dt>Change</dt>
              <dd>{money(done.sale.changeMinor, context)}</dd>
            </div>
          ) : null}
        </dl>
        {back.length > 0 ? (
          <ul className="payments" aria-label="Given back">
            {back.map((payment) => (
              <li key={payment.id}>
                {payment.kind} {money(payment.amountMinor, context)}
              </li>
            ))}
          </ul>
        ) : null}
        {done.sale.changeMinor > 0 ? (
          <div className="change-due" role="status">
            Change due {money(done.sale.changeMinor, context)}
          </div>
        ) : null}
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => void print()}
            disabled={!bridge}
            title={bridge ? undefined : 'No printer bridge is paired'}
          >
            Print exchange receipts
          </button>
          <button type="button" className="button button-primary" onClick={onNext}>
            Next return
          </button>
        </div>
      </section>
    );
  }

  const locked = cart.payments.length > 0;
  return (
    <section className="stack" aria-label="Exchange">
      <h2>Exchange</h2>
      <ErrorNote message={error} />
      {message ? <InfoNote>{message}</InfoNote> : null}
      <ScanBox onSubmit={(text) => void onScan(text)} disabled={locked || busy} keepFocus />
      {results !== null ? (
        <ul className="result-list" aria-label="Search results">
          {results.length === 0 ? <li className="muted">Nothing matches.</li> : null}
          {results.map((variant) => (
            <li key={variant.id}>
              <button
                type="button"
                className="result"
                onClick={() => addItem(cartVariant(variant), null)}
              >
                {variant.name} · {money(variant.priceMinor, context)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="cart-lines" aria-label="New items">
        {totals.lines.map((line) => (
          <li key={line.id}>
            {line.name} × {line.quantityMilli / 1000} · {money(line.totalMinor, context)}{' '}
            <button
              type="button"
              className="button button-small"
              disabled={locked || busy}
              aria-label={`Remove ${line.name}`}
              onClick={() => apply({ type: 'removeLine', lineId: line.id })}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <dl className="totals" aria-label="Exchange figures">
        <div className="totals-row">
          <dt>Returned</dt>
          <dd>{money(figures.returnMinor, context)}</dd>
        </div>
        <div className="totals-row">
          <dt>New items</dt>
          <dd>{money(figures.newTotalMinor, context)}</dd>
        </div>
        <div className="totals-row totals-total">
          <dt>{figures.differenceMinor >= 0 ? 'Customer pays' : 'Customer gets back'}</dt>
          <dd>{money(Math.abs(figures.differenceMinor), context)}</dd>
        </div>
        {locked ? (
          <div className="totals-row">
            <dt>{figures.dueMinor > 0 ? 'Still due' : 'Change'}</dt>
            <dd>{money(figures.dueMinor > 0 ? figures.dueMinor : figures.changeMinor, context)}</dd>
          </div>
        ) : null}
      </dl>
      {figures.backMinor > 0 && cart.lines.length > 0 ? (
        <p className="muted">The rest goes back to the tenders the customer paid with.</p>
      ) : null}
      {cart.payments.length > 0 ? (
        <ul className="payments" aria-label="Payments taken">
          {cart.payments.map((payment) => (
            <li key={payment.id}>
              {TENDER_LABELS[payment.kind]} {money(payment.amountMinor, context)}{' '}
              <button
                type="button"
                className="button button-small"
                disabled={busy}
                onClick={() => apply({ type: 'removePayment', paymentId: payment.id })}
              >
                Remove payment
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {cart.lines.length > 0 && figures.dueMinor > 0 && typeof returnMinor === 'number' ? (
        <ExchangeTender
          cart={cart}
          context={context}
          returnMinor={returnMinor}
          dueMinor={figures.dueMinor}
          disabled={busy}
          apply={apply}
          onError={setError}
        />
      ) : null}
      {choosingCustomer ? (
        <CustomerDialog
          current={cart.customer}
          context={context}
          onClose={() => setChoosingCustomer(false)}
          onDetach={() => {
            apply({ type: 'detachCustomer' });
            setChoosingCustomer(false);
          }}
          onAttach={(customer) => {
            apply({
              type: 'attachCustomer',
              customer: { id: customer.id, name: customer.name, taxExempt: customer.taxExempt },
            });
            setChoosingCustomer(false);
          }}
        />
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Back to the return
        </button>
        <button
          type="button"
          className="button"
          disabled={locked || busy}
          title={locked ? 'Remove the payments to change the customer' : undefined}
          onClick={() => setChoosingCustomer(true)}
        >
          {cart.customer ? `Customer: ${cart.customer.name}` : 'Customer'}
        </button>
        <button
          type="button"
          className="button button-primary button-big"
          disabled={busy || !figures.settled}
          onClick={() => void submit()}
        >
          Complete exchange
        </button>
      </div>
    </section>
  );
}
