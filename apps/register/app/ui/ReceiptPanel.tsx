import { useEffect, useState } from 'react';
import { codeOf, messageOf } from '../device/api.ts';
import { BridgeError } from '../hardware/bridge-client.ts';
import { syncedSales } from '../offline/outbox.ts';
import { printSaleReceipt } from '../receipt/print-sale-receipt.ts';
import { loadReceiptProfile } from '../receipt/profile.ts';
import { LocalPrintError } from '../receipt/render-local.ts';
import { uuidv7 } from '../sale/uuid.ts';
import { EmailReceiptButton } from './EmailReceipt.tsx';
import { money } from './money.ts';
import { ErrorNote, InfoNote } from './Notice.tsx';
import { type CompletedSale, TENDER_LABELS } from './receipt-model.ts';
import { useRegister } from './register-context.ts';

// After "Complete sale": the change to hand back, big, and the receipt actions. The next scan
// or "New sale" starts the next customer.

/** The receipt buttons: the customer's copy and a gift receipt. */
type PrintKind = 'customer' | 'gift';

export function ReceiptPanel({
  sale,
  drawerMessage,
  onNewSale,
}: {
  readonly sale: CompletedSale;
  readonly drawerMessage: string | null;
  readonly onNewSale: () => void;
}) {
  const { online, bridge, device, cashier, replayer, db, outbox } = useRegister();
  const [printing, setPrinting] = useState<PrintKind | null>(null);
  // Copies already on paper for this sale (keyed by sale id like the synced record below): the
  // next press of the same button is a deliberate further copy, not the same job again.
  const [printed, setPrinted] = useState<{
    readonly saleId: string;
    readonly kinds: ReadonlySet<PrintKind>;
  } | null>(null);
  const printedKinds: ReadonlySet<PrintKind> =
    printed?.saleId === sale.saleId ? printed.kinds : new Set();
  const markPrinted = (kind: PrintKind) =>
    setPrinted((current) => ({
      saleId: sale.saleId,
      kinds: new Set([...(current?.saleId === sale.saleId ? current.kinds : []), kind]),
    }));
  // The server's number for a sale that went through the outbox, once it has synced.
  // Keyed by sale id, so a panel that stays mounted for the next sale never shows this one's.
  const [syncedRecord, setSyncedRecord] = useState<{
    readonly saleId: string;
    readonly receiptNumber: number | null;
  } | null>(null);
  const synced = syncedRecord?.saleId === sale.saleId;
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { totals, context } = sale;

  // Looked up again whenever the outbox counts move: the receipt stops saying "will sync" and
  // shows the receipt number as soon as the replayer has delivered this sale.
  const pending = outbox.pending;
  useEffect(() => {
    if (sale.via !== 'outbox' || !db || synced || pending < 0) return;
    let current = true;
    const look = () =>
      syncedSales(db).then(
        (log) => {
          const record = log.find((entry) => entry.saleId === sale.saleId);
          if (!current || !record) return;
          setSyncedRecord({ saleId: record.saleId, receiptNumber: record.receiptNumber });
        },
        () => undefined,
      );
    void look();
    // A sale that syncs at once can move the counts 0 -> 1 -> 0 within one render, so the
    // counts alone may never change here: look again every second until it has synced.
    const timer = setInterval(() => void look(), 1000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [sale.via, sale.saleId, db, synced, pending]);
  const receiptNumber =
    sale.receiptNumber ?? (synced ? (syncedRecord?.receiptNumber ?? null) : null);

  // Online or not, the receipt prints: from the server when it holds the sale, else rendered
  // on this register (print-sale-receipt.ts). Only a missing bridge stops it.
  const printBlocked = !bridge ? 'No printer bridge is paired (Settings).' : null;

  /** Whether the server holds the sale now, and its number: asked again at each print. */
  async function onServer() {
    if (sale.via === 'server') return { known: true, receiptNumber: sale.receiptNumber };
    if (synced) return { known: true, receiptNumber: syncedRecord?.receiptNumber ?? null };
    await replayer?.kick();
    const record = db
      ? (await syncedSales(db).catch(() => [])).find((entry) => entry.saleId === sale.saleId)
      : undefined;
    return { known: record !== undefined, receiptNumber: record?.receiptNumber ?? null };
  }

  async function print(kind: PrintKind) {
    if (!bridge || !device || !cashier) return;
    // The first press prints the copy under its fixed job id (a double press or a retry prints
    // it once); a later press is another copy on purpose: the customer's is marked REPRINT (and
    // audited when the server renders it), and each such press has a job id of its own.
    const again = printedKinds.has(kind);
    const copy = kind === 'customer' && again ? 'reprint' : kind;
    setPrinting(kind);
    setError(null);
    setMessage(null);
    try {
      const outcome = await printSaleReceipt({
        bridge,
        registerId: device.registerId,
        sale,
        copy,
        ...(again ? { jobId: uuidv7() } : {}),
        online,
        onServer,
        token: cashier.token,
        cashierName: cashier.user.name,
        profile: loadReceiptProfile(device.registerId),
      });
      markPrinted(kind);
      const what = kind === 'gift' ? 'Gift receipt' : again ? 'Reprint' : 'Receipt';
      setMessage(
        outcome.printedBy === 'server'
          ? `${what} sent to the printer.`
          : outcome.provisionalNumber
            ? `${what} printed from this register; receipt number given when synced.`
            : `${what} printed from this register.`,
      );
    } catch (caught) {
      const code = codeOf(caught);
      if (caught instanceof LocalPrintError && caught.code === 'receipt.already_printed') {
        markPrinted(kind);
        setMessage('This receipt was printed already. Press the button again for another copy.');
      } else if (code === 'sale.not_found' || code === 'sale.not_completed')
        setError('The sale has not reached the server yet. Print it once it has synced.');
      else if (caught instanceof BridgeError || caught instanceof LocalPrintError)
        setError(caught.message);
      else setError(messageOf(caught));
    } finally {
      setPrinting(null);
    }
  }

  return (
    <section className="receipt" aria-label="Receipt">
      <h2 className="receipt-title">Sale complete</h2>
      {totals.changeMinor > 0 ? (
        <div className="change-due" role="status">
          <span>Change due</span>
          <strong className="amount-huge">{money(totals.changeMinor, context)}</strong>
        </div>
      ) : (
        <p className="no-change">No change due</p>
      )}
      <dl className="receipt-figures">
        <dt>Total</dt>
        <dd>{money(totals.totalMinor, context)}</dd>
        {sale.payments.map((payment) => (
          <div key={payment.id} className="receipt-figure">
            <dt>{TENDER_LABELS[payment.kind]}</dt>
            <dd>{money(payment.amountMinor, context)}</dd>
          </div>
        ))}
        {totals.cashRoundingMinor !== 0 ? (
          <div className="receipt-figure">
            <dt>Cash rounding</dt>
            <dd>{money(totals.cashRoundingMinor, context)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="muted">
        {receiptNumber !== null ? `Receipt ${receiptNumber}` : 'Receipt number given when synced'}
        {sale.customerName ? ` · ${sale.customerName}` : ''}
      </p>
      {sale.via === 'outbox' ? (
        <InfoNote>
          {synced
            ? 'Synced to the server.'
            : sale.offline
              ? 'Saved on this register; it will sync when the server is back.'
              : 'Saved; syncing to the server.'}
        </InfoNote>
      ) : null}
      {drawerMessage ? <InfoNote>{drawerMessage}</InfoNote> : null}
      {message ? <InfoNote>{message}</InfoNote> : null}
      <ErrorNote message={error} />
      <div className="receipt-actions">
        <button
          type="button"
          className="button"
          disabled={printBlocked !== null || printing !== null}
          title={printBlocked ?? undefined}
          onClick={() => void print('customer')}
        >
          {printing === 'customer'
            ? 'Printing…'
            : printedKinds.has('customer')
              ? 'Reprint receipt'
              : 'Print receipt'}
        </button>
        <button
          type="button"
          className="button"
          disabled={printBlocked !== null || printing !== null}
          title={printBlocked ?? undefined}
          onClick={() => void print('gift')}
        >
          {printedKinds.has('gift') ? 'Another gift receipt' : 'Gift receipt'}
        </button>
        <EmailReceiptButton sale={sale} />
      </div>
      {printBlocked ? <p className="muted small">{printBlocked}</p> : null}
      <button
        type="button"
        className="button button-primary button-big button-block"
        onClick={onNewSale}
      >
        New sale
      </button>
    </section>
  );
}
