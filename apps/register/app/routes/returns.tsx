import { ok, type paths } from '@tillpoint/api-client';
import { documentIdFromDigits } from '@tillpoint/domain';
import { useState } from 'react';
import type { ServerSale } from '../api-types.ts';
import type { ReturnChoice, SaleRefund } from '../checkout/exchange.ts';
import { ExchangePanel } from '../checkout/exchange-panel.tsx';
import { messageOf } from '../device/api.ts';
import { printReceipt } from '../hardware/print-receipt.ts';
import { formatMoney } from '../sale/format.ts';
import { uuidv7 } from '../sale/uuid.ts';
import { EmptyState, ErrorNote, InfoNote } from '../ui/Notice.tsx';
import { useRegister } from '../ui/register-context.ts';

export function meta() {
  return [{ title: 'Returns · Tillpoint Register' }];
}

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Refund = Json<paths['/api/v1/refunds']['post']['responses'][201]>;
type SaleSummary = Json<paths['/api/v1/sales']['get']['responses'][200]>['sales'][number];

interface Choice {
  readonly quantity: number;
  readonly restock: boolean;
}

/** What is left to return of each line: sold minus what earlier refunds took back. */
function returnable(sale: ServerSale, refunds: readonly Refund[]): Map<string, number> {
  const left = new Map(sale.lines.map((line) => [line.id, Math.round(line.quantity * 1000)]));
  for (const refund of refunds)
    for (const line of refund.lines)
      if (line.saleLineId)
        left.set(
          line.saleLineId,
          (left.get(line.saleLineId) ?? 0) - Math.round(line.quantity * 1000),
        );
  return left;
}

export default function Returns() {
  const { client, device, online, bridge, cashier } = useRegister();
  const [receipt, setReceipt] = useState('');
  const [matches, setMatches] = useState<readonly SaleSummary[] | null>(null);
  const [sale, setSale] = useState<ServerSale | null>(null);
  const [left, setLeft] = useState<Map<string, number>>(new Map());
  const [refunds, setRefunds] = useState<readonly SaleRefund[]>([]);
  const [exchanging, setExchanging] = useState(false);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [reason, setReason] = useState('');
  const [refund, setRefund] = useState<Refund | null>(null);
  const [refundText, setRefundText] = useState<string | null>(null);
  const [refundId, setRefundId] = useState(() => uuidv7());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function find() {
    if (!client || !device) return;
    const typed = receipt.trim();
    setBusy(true);
    setError(null);
    setSale(null);
    setRefund(null);
    try {
      // The receipt's barcode is the sale id as 40 digits: a scan opens that very sale.
      const scannedId = documentIdFromDigits(typed);
      if (scannedId) {
        setMatches(null);
        await open(scannedId);
        return;
      }
      // Typed: the printed number (six digits, leading zeros), numbered per register.
      const digits = /(\d+)\D*$/.exec(typed)?.[1] ?? '';
      const number = Number(digits.replace(/^0+/, '') || 'x');
      if (!Number.isSafeInteger(number) || number <= 0) {
        setError('Type the receipt number printed on the receipt, or scan its barcode.');
        return;
      }
      const page = await ok(
        client.api.GET('/api/v1/sales', {
          params: {
            query: { receiptNumber: number, storeId: device.storeId, status: 'completed' },
          },
        }),
      );
      // Numbers are per register: this register's sale first, others marked as such.
      const mine = (match: SaleSummary) => (match.registerId === device.registerId ? 0 : 1);
      setMatches([...page.sales].sort((a, b) => mine(a) - mine(b)));
      const only = page.sales.length === 1 ? page.sales[0] : undefined;
      if (only) await open(only.id);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  async function open(saleId: string) {
    if (!client) return;
    const [found, refunds] = await Promise.all([
      ok(client.api.GET('/api/v1/sales/{id}', { params: { path: { id: saleId } } })),
      ok(client.api.GET('/api/v1/sales/{id}/refunds', { params: { path: { id: saleId } } })),
    ]);
    setSale(found);
    setLeft(returnable(found, refunds));
    setRefunds(refunds);
    setChoices({});
    setExchanging(false);
    setRefundId(uuidv7());
  }

  async function submit() {
    if (!client || !sale || !device) return;
    const lines = Object.entries(choices)
      .filter(([, choice]) => choice.quantity > 0)
      .map(([saleLineId, choice]) => ({
        saleLineId,
        quantity: choice.quantity / 1000,
        restock: choice.restock,
        // The platform asks why an item does not go back on the shelf.
        ...(choice.restock ? {} : { restockReason: 'not resellable' }),
      }));
    if (lines.length === 0) {
      setError('Choose what comes back.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // The refund id is chosen once per attempt: pressing again after a lost answer replays it.
      const done = await ok(
        client.api.POST('/api/v1/refunds', {
          params: { header: { 'idempotency-key': refundId } },
          body: {
            id: refundId,
            saleId: sale.id,
            registerId: device.registerId,
            lines,
            destination: 'original_tenders',
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
        }),
      );
      setRefund(done);
      const text = await client.api.GET('/api/v1/refunds/{id}/receipt', {
        params: { path: { id: done.id }, query: { format: 'text', columns: 42 } },
        parseAs: 'text',
      });
      setRefundText(typeof text.data === 'string' ? text.data : null);
      if (done.payments.some((payment) => payment.kind === 'cash') && bridge)
        await bridge
          .openDrawer({ jobId: uuidv7(), registerId: device.registerId })
          .catch(() => undefined);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  async function print() {
    if (!bridge || !device || !cashier || !refund) return;
    try {
      await printReceipt(
        bridge,
        device.registerId,
        { kind: 'refunds', id: refund.id, copy: 'customer' },
        cashier.token,
      );
      setMessage('Refund receipt sent to the printer.');
    } catch (caught) {
      setError(messageOf(caught));
    }
  }

  /** The lines chosen to come back, for the exchange. */
  function returnChoices(): ReturnChoice[] {
    return Object.entries(choices).map(([saleLineId, choice]) => ({
      saleLineId,
      quantityMilli: choice.quantity,
      restock: choice.restock,
    }));
  }

  function startExchange() {
    if (!Object.values(choices).some((choice) => choice.quantity > 0)) {
      setError('Choose what comes back.');
      return;
    }
    setError(null);
    setExchanging(true);
  }

  function reset() {
    setExchanging(false);
    setSale(null);
    setMatches(null);
    setRefund(null);
    setRefundText(null);
    setReceipt('');
    setReason('');
    setMessage(null);
  }

  if (!online)
    return (
      <main className="screen">
        <section className="panel panel-narrow">
          <h1>Returns</h1>
          <ErrorNote message="Returns and exchanges need the network: the original sale is on the server." />
        </section>
      </main>
    );

  return (
    <main className="screen">
      <section className="panel">
        <h1>Returns</h1>
        <ErrorNote message={error} />
        {message ? <InfoNote>{message}</InfoNote> : null}
        {refund ? (
          <section className="stack" aria-label="Refund receipt">
            <h2>Refund {refund.receiptNumber}</h2>
            <p className="amount-huge">{formatMoney(refund.totalMinor, refund.currency)}</p>
            <ul className="payments">
              {refund.payments.map((payment) => (
                <li key={payment.id}>
                  {payment.kind} {formatMoney(payment.amountMinor, refund.currency)}
                  {payment.reference ? ` (${payment.reference})` : ''}
                </li>
              ))}
            </ul>
            {refund.terminalRefunds.length > 0 ? (
              <InfoNote>
                Give back on the card terminal:{' '}
                {refund.terminalRefunds
                  .map((t) => formatMoney(t.amountMinor, refund.currency))
                  .join(', ')}
              </InfoNote>
            ) : null}
            {refundText ? <pre className="receipt-text">{refundText}</pre> : null}
            <div className="button-row">
              <button
                type="button"
                className="button"
                onClick={() => void print()}
                disabled={!bridge}
                title={bridge ? undefined : 'No printer bridge is paired'}
              >
                Print refund receipt
              </button>
              <button type="button" className="button button-primary" onClick={reset}>
                Next return
              </button>
            </div>
          </section>
        ) : (
          <>
            <form
              className="row"
              onSubmit={(event) => {
                event.preventDefault();
                void find();
              }}
            >
              <label className="field grow">
                <span>Receipt number or barcode</span>
                <input
                  value={receipt}
                  onChange={(event) => setReceipt(event.target.value)}
                  inputMode="numeric"
                  // biome-ignore lint/a11y/noAutofocus: scanning the receipt is the first step
                  autoFocus
                  autoComplete="off"
                />
              </label>
              <button type="submit" className="button button-primary" disabled={busy}>
                Find sale
              </button>
            </form>
            {matches !== null && matches.length === 0 ? (
              <EmptyState title="No completed sale has that receipt number in this store" />
            ) : null}
            {matches !== null && matches.length > 1 && !sale ? (
              <ul className="result-list" aria-label="Matching sales">
                {matches.map((match) => (
                  <li key={match.id}>
                    <button
                      type="button"
                      className="result"
                      onClick={() =>
                        void open(match.id).catch((caught: unknown) => setError(messageOf(caught)))
                      }
                    >
                      Receipt {match.receiptNumber} ·{' '}
                      {match.registerId === device?.registerId
                        ? 'this register'
                        : 'another register'}{' '}
                      · {new Date(match.occurredAt).toLocaleString()} ·{' '}
                      {formatMoney(match.totalMinor, match.currency)}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            {sale && exchanging ? (
              <ExchangePanel
                sale={sale}
                refunds={refunds}
                choices={returnChoices()}
                reason={reason}
                onCancel={() => setExchanging(false)}
                onNext={reset}
              />
            ) : null}
            {sale && !exchanging ? (
              <form
                className="stack"
                onSubmit={(event) => {
                  event.preventDefault();
                  void submit();
                }}
              >
                <h2>
                  Sale {sale.receiptNumber} · {formatMoney(sale.totalMinor, sale.currency)}
                </h2>
                <table className="table">
                  <thead>
                    <tr>
                      <th>Item</th>
                      <th>Sold</th>
                      <th>Return</th>
                      <th>Restock</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sale.lines.map((line) => {
                      const max = left.get(line.id) ?? 0;
                      const choice = choices[line.id] ?? { quantity: 0, restock: true };
                      const step = line.unit === 'weight' ? 1 : 1000;
                      return (
                        <tr key={line.id}>
                          <td>
                            {line.name}
                            <span className="muted small">
                              {' '}
                              {formatMoney(line.totalMinor, sale.currency)}
                            </span>
                          </td>
                          <td>{line.quantity}</td>
                          <td>
                            <input
                              type="number"
                              min={0}
                              max={max / 1000}
                              step={step / 1000}
                              aria-label={`Return quantity of ${line.name}`}
                              disabled={max <= 0}
                              value={choice.quantity / 1000}
                              onChange={(event) => {
                                const milli = Math.min(
                                  max,
                                  Math.max(0, Math.round(Number(event.target.value) * 1000)),
                                );
                                setChoices({
                                  ...choices,
                                  [line.id]: { ...choice, quantity: milli },
                                });
                              }}
                            />
                            {max <= 0 ? (
                              <span className="muted small"> already returned</span>
                            ) : null}
                          </td>
                          <td>
                            <input
                              type="checkbox"
                              aria-label={`Restock ${line.name}`}
                              checked={choice.restock}
                              onChange={(event) =>
                                setChoices({
                                  ...choices,
                                  [line.id]: { ...choice, restock: event.target.checked },
                                })
                              }
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <label className="field">
                  <span>Reason (optional)</span>
                  <input
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                    placeholder="Wrong size"
                  />
                </label>
                <p className="muted">
                  The money goes back to the tenders the customer paid with (cards first, cash
                  last).
                </p>
                <div className="button-row">
                  <button
                    type="submit"
                    className="button button-primary button-big"
                    disabled={busy}
                  >
                    Refund
                  </button>
                  <button
                    type="button"
                    className="button button-big"
                    disabled={busy}
                    onClick={startExchange}
                  >
                    Exchange
                  </button>
                </div>
              </form>
            ) : null}
          </>
        )}
      </section>
    </main>
  );
}
