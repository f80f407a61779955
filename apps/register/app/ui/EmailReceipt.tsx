import { ok } from '@tillpoint/api-client';
import { useEffect, useState } from 'react';
import { codeOf, isNetworkError, messageOf } from '../device/api.ts';
import { uuidv7 } from '../sale/uuid.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNote, InfoNote } from './Notice.tsx';
import type { CompletedSale } from './receipt-model.ts';
import { useRegister } from './register-context.ts';

// "Email receipt" on the receipt panel: a small dialog asking for one address (the attached
// customer's, when the server knows it), sent through the platform, which queues it and sends
// it in the background. The dialog follows the delivery for a few seconds to say how it went.

type Copy = 'customer' | 'gift';

type Progress =
  | { readonly kind: 'idle' }
  | { readonly kind: 'sending' }
  | { readonly kind: 'queued'; readonly to: string }
  | { readonly kind: 'sent'; readonly to: string };

const FOLLOW_MS = 10_000;
const POLL_MS = 1_000;

/** Answers the platform does not keep under an Idempotency-Key: a retry may reuse the key. */
function retryableWithSameKey(error: unknown): boolean {
  if (isNetworkError(error)) return true;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && (status >= 500 || [409, 423, 429].includes(status));
}

function EmailReceiptDialog({
  sale,
  onClose,
}: {
  readonly sale: CompletedSale;
  readonly onClose: () => void;
}) {
  const { client, online, replayer } = useRegister();
  const [to, setTo] = useState('');
  const [copy, setCopy] = useState<Copy>('customer');
  // One key per distinct request, so a retry after a lost answer never sends a second email.
  const [key, setKey] = useState(() => uuidv7());
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const customerId = sale.cart.customer?.id ?? null;

  useEffect(() => {
    if (!client || !customerId || !online) return;
    let current = true;
    ok(client.api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })).then(
      (customer) => {
        if (current && customer.email)
          setTo((typed) => (typed === '' ? (customer.email ?? '') : typed));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, customerId, online]);

  async function follow(id: string, address: string) {
    if (!client) return;
    const until = Date.now() + FOLLOW_MS;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const email = await ok(
        client.api.GET('/api/v1/receipt-emails/{id}', { params: { path: { id } } }),
      ).catch(() => null);
      if (email?.status === 'sent') return setProgress({ kind: 'sent', to: address });
      if (email?.status === 'failed') {
        setProgress({ kind: 'idle' });
        return setError(`The email to ${address} failed: ${email.lastError ?? 'refused'}.`);
      }
    }
  }

  async function send() {
    if (!client) return;
    setError(null);
    setProgress({ kind: 'sending' });
    try {
      // A sale still in the outbox must reach the server before it can be emailed.
      if (sale.via === 'outbox') await replayer?.kick();
      const email = await ok(
        client.api.POST('/api/v1/sales/{id}/receipt-emails', {
          params: { path: { id: sale.saleId }, header: { 'idempotency-key': key } },
          body: { to: to.trim(), copy },
        }),
      );
      setProgress({ kind: 'queued', to: email.to });
      setKey(uuidv7());
      await follow(email.id, email.to);
    } catch (caught) {
      setProgress({ kind: 'idle' });
      const code = codeOf(caught);
      if (code === 'sale.not_found' || code === 'sale.not_completed')
        setError('This sale has not reached the server yet. Try again once it has synced.');
      else setError(messageOf(caught));
      if (!retryableWithSameKey(caught)) setKey(uuidv7());
    }
  }

  const busy = progress.kind === 'sending';
  return (
    <Dialog title="Email receipt" onClose={onClose}>
      {!online ? <ErrorNote message="Emailing a receipt needs the network." /> : null}
      <ErrorNote message={error} />
      {progress.kind === 'queued' ? <InfoNote>Sending to {progress.to}…</InfoNote> : null}
      {progress.kind === 'sent' ? <InfoNote>Sent to {progress.to}.</InfoNote> : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label className="field">
          <span>Email address</span>
          <input
            type="email"
            value={to}
            onChange={(event) => {
              setTo(event.target.value);
              setKey(uuidv7());
            }}
            maxLength={254}
            autoComplete="off"
            placeholder="name@example.com"
            required
            autoFocus
          />
        </label>
        <label className="field-inline">
          <input
            type="checkbox"
            checked={copy === 'gift'}
            onChange={(event) => {
              setCopy(event.target.checked ? 'gift' : 'customer');
              setKey(uuidv7());
            }}
          />
          <span>Gift receipt (no prices)</span>
        </label>
        <div className="button-row">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={!online || busy || to.trim() === ''}
          >
            {busy ? 'Sending…' : 'Send'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The receipt panel's "Email receipt" button and its dialog. */
export function EmailReceiptButton({ sale }: { readonly sale: CompletedSale }) {
  const { online, client } = useRegister();
  const [open, setOpen] = useState(false);
  const blocked = !online
    ? 'Emailing a receipt needs the network.'
    : !client
      ? 'Sign in to email receipts.'
      : null;
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={blocked !== null}
        title={blocked ?? undefined}
        onClick={() => setOpen(true)}
      >
        Email receipt
      </button>
      {open ? (
        <EmailReceiptDialog key={sale.saleId} sale={sale} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}
