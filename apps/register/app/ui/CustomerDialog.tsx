import { ok } from '@tillpoint/api-client';
import { useState } from 'react';
import { messageOf } from '../device/api.ts';
import type { CartCustomer } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import { Dialog } from './Dialog.tsx';
import { money } from './money.ts';
import { EmptyState, ErrorNote } from './Notice.tsx';
import { useRegister } from './register-context.ts';

interface Found {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly taxExempt: boolean;
  readonly storeCreditMinor: number;
}

export function CustomerDialog({
  current,
  context,
  onAttach,
  onDetach,
  onClose,
}: {
  readonly current: CartCustomer | null;
  readonly context: SaleContext;
  readonly onAttach: (customer: CartCustomer & { storeCreditMinor: number }) => void;
  readonly onDetach: () => void;
  readonly onClose: () => void;
}) {
  const { client, online } = useRegister();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<readonly Found[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search() {
    if (!client || query.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      const page = await ok(
        client.api.GET('/api/v1/customers', { params: { query: { q: query.trim(), limit: 20 } } }),
      );
      setResults(page.customers);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Customer" onClose={onClose}>
      {current ? (
        <div className="row-between">
          <p>
            Attached: <strong>{current.name}</strong>
            {current.taxExempt ? ' (tax exempt)' : ''}
          </p>
          <button type="button" className="button" onClick={onDetach}>
            Remove customer
          </button>
        </div>
      ) : null}
      {!online ? <ErrorNote message="Customer search needs the network." /> : null}
      <ErrorNote message={error} />
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label className="field grow">
          <span>Customer search</span>
          <input
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Name, email or phone"
            autoFocus
            disabled={!online}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={!online || busy}>
          Search
        </button>
      </form>
      {results !== null && results.length === 0 ? (
        <EmptyState title="No customer matches">Check the spelling or search by phone.</EmptyState>
      ) : null}
      <ul className="result-list">
        {results?.map((customer) => (
          <li key={customer.id}>
            <button
              type="button"
              className="result"
              onClick={() =>
                onAttach({
                  id: customer.id,
                  name: customer.name,
                  taxExempt: customer.taxExempt,
                  storeCreditMinor: customer.storeCreditMinor,
                })
              }
            >
              <span className="result-name">{customer.name}</span>
              <span className="muted">
                {[customer.email, customer.phone].filter(Boolean).join(' · ')}
                {customer.storeCreditMinor > 0
                  ? ` · credit ${money(customer.storeCreditMinor, context)}`
                  : ''}
                {customer.taxExempt ? ' · tax exempt' : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
