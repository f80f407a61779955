import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { messageOf } from '../device/api.ts';
import { toggleQuickKey } from '../device/preferences.ts';
import { createBridgeClient, DEFAULT_BRIDGE_URL } from '../hardware/bridge-client.ts';
import type { OutboxEntry } from '../offline/db.ts';
import { listOutbox } from '../offline/outbox.ts';
import { retryPlan } from '../offline/outbox-sessions.ts';
import { formatMoney } from '../sale/format.ts';
import { EmptyState, ErrorNote, InfoNote } from '../ui/Notice.tsx';
import { useRegister } from '../ui/register-context.ts';

export function meta() {
  return [{ title: 'Settings · Tillpoint Register' }];
}

export default function Settings() {
  const register = useRegister();
  const {
    device,
    cashier,
    client,
    outbox,
    db,
    replayer,
    preferences,
    bridgePairing,
    bridgeState,
    catalog,
    online,
  } = register;
  const navigate = useNavigate();
  const [bridgeUrl, setBridgeUrl] = useState(bridgePairing?.url ?? DEFAULT_BRIDGE_URL);
  const [bridgeCode, setBridgeCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [entries, setEntries] = useState<readonly OutboxEntry[]>([]);
  const [outboxNote, setOutboxNote] = useState<string | null>(null);
  const unsynced = outbox.pending + outbox.attention;

  const loadEntries = useCallback(async () => {
    if (db) setEntries(await listOutbox(db));
  }, [db]);

  // Reloaded whenever the outbox counts move (a sale synced, one was refused).
  const { pending, attention } = outbox;
  useEffect(() => {
    if (pending >= 0 && attention >= 0) void loadEntries();
  }, [loadEntries, pending, attention]);

  async function pairBridge() {
    if (!device) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const bridge = createBridgeClient({ url: bridgeUrl });
      const token = await bridge.pair({
        code: bridgeCode,
        registerId: device.registerId,
        registerName: device.registerName,
      });
      register.setBridgePairing({
        url: bridge.url,
        token,
        registerId: device.registerId,
        pairedAt: new Date().toISOString(),
      });
      setBridgeCode('');
      setMessage('Printer bridge paired.');
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  // A sale goes out only under the session of the cashier who made it (the server records the
  // token's user as the seller): another cashier's retry requeues it as it is.
  async function sendAgain(entry: OutboxEntry) {
    if (!replayer) return;
    const plan = retryPlan(entry, cashier);
    setOutboxNote(plan.signInAs ? `Sign in as ${plan.signInAs} to resend this sale.` : null);
    await replayer.retry(entry.seq, plan.session);
    await loadEntries();
  }

  async function signOut() {
    if (unsynced > 0) return;
    setBusy(true);
    try {
      await client?.api.POST('/api/v1/device/sessions/current/end');
    } catch {
      // Offline: the session expires on its own; this till forgets it now either way.
    }
    register.setCashier(null);
    navigate('/sign-in', { replace: true });
  }

  function unpair() {
    if (unsynced > 0) return;
    register.setCashier(null);
    register.setDevice(null);
    navigate('/pair', { replace: true });
  }

  return (
    <main className="screen settings">
      <ErrorNote message={error} />
      {message ? <InfoNote>{message}</InfoNote> : null}

      <section className="panel" aria-labelledby="cashier-title">
        <h2 id="cashier-title">Cashier</h2>
        <p>
          Signed in: <strong>{cashier?.user.name}</strong> ({cashier?.user.role}) until{' '}
          {cashier ? new Date(cashier.expiresAt).toLocaleTimeString() : ''}
        </p>
        <div className="button-row">
          <Link to="/sign-in?switch=1" className="button">
            Switch cashier
          </Link>
          <button
            type="button"
            className="button button-danger"
            onClick={() => void signOut()}
            disabled={busy || unsynced > 0}
          >
            Sign out
          </button>
        </div>
        {unsynced > 0 ? (
          <p className="muted small">
            Sign-out waits until the {unsynced} unsynced sale{unsynced === 1 ? '' : 's'} reach the
            server (they are sent with this cashier's session).
          </p>
        ) : null}
        <label className="field field-inline">
          <span>Lock after idle (minutes, 0 = never)</span>
          <input
            type="number"
            min={0}
            max={120}
            value={preferences.autoLockMinutes}
            onChange={(event) =>
              register.setPreferences({
                ...preferences,
                autoLockMinutes: Math.max(
                  0,
                  Math.min(120, Math.trunc(Number(event.target.value) || 0)),
                ),
              })
            }
          />
        </label>
      </section>

      <section className="panel" aria-labelledby="bridge-title">
        <h2 id="bridge-title">Printer and cash drawer</h2>
        {bridgePairing ? (
          <>
            <p>
              Bridge at <code>{bridgePairing.url}</code>:{' '}
              {bridgeState.kind === 'ready'
                ? `${bridgeState.status.printers.map((printer) => `${printer.name} ${printer.state}`).join(', ') || 'no printer'}`
                : bridgeState.kind === 'unreachable'
                  ? bridgeState.message
                  : 'checking…'}
            </p>
            <div className="button-row">
              <button
                type="button"
                className="button"
                onClick={() => void register.refreshBridge()}
              >
                Check printer
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => register.setBridgePairing(null)}
              >
                Forget bridge
              </button>
            </div>
          </>
        ) : (
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              void pairBridge();
            }}
          >
            <p className="muted">
              Start the Tillpoint bridge on this computer; it shows a pairing code.
            </p>
            <label className="field">
              <span>Bridge address</span>
              <input value={bridgeUrl} onChange={(event) => setBridgeUrl(event.target.value)} />
            </label>
            <label className="field">
              <span>Bridge pairing code</span>
              <input
                value={bridgeCode}
                onChange={(event) => setBridgeCode(event.target.value)}
                autoComplete="off"
              />
            </label>
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || bridgeCode.trim() === ''}
            >
              Pair bridge
            </button>
          </form>
        )}
      </section>

      <section className="panel" aria-labelledby="catalog-title">
        <h2 id="catalog-title">Catalog</h2>
        <p>
          {catalog.variantCount} items on this register
          {catalog.lastSyncAt
            ? `, synced ${new Date(catalog.lastSyncAt).toLocaleTimeString()}`
            : ''}
          .
        </p>
        <ErrorNote message={catalog.error} />
        <button
          type="button"
          className="button"
          disabled={!online || catalog.syncing}
          onClick={() => void register.syncNow()}
        >
          {catalog.syncing ? 'Syncing…' : 'Sync catalog now'}
        </button>
        <h3>Quick keys</h3>
        {preferences.quickKeys.length === 0 ? (
          <p className="muted">
            Add quick keys with the ☆ next to a search result on the sell screen.
          </p>
        ) : (
          <ul className="result-list">
            {preferences.quickKeys.map((key) => (
              <li key={key.variantId} className="row-between">
                {key.label}
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${key.label} from quick keys`}
                  onClick={() => register.setPreferences(toggleQuickKey(preferences, key))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" id="outbox" aria-labelledby="outbox-title">
        <h2 id="outbox-title">Unsynced sales</h2>
        {entries.length === 0 ? <EmptyState title="Every sale has reached the server" /> : null}
        {outboxNote ? <InfoNote>{outboxNote}</InfoNote> : null}
        <ul className="result-list">
          {entries.map((entry) => (
            <li key={entry.seq} className="row-between">
              <span>
                {new Date(entry.createdAt).toLocaleString()} ·{' '}
                {device?.currency
                  ? formatMoney(entry.body.expectedTotalMinor, device.currency)
                  : entry.body.expectedTotalMinor}{' '}
                · sold by {entry.userName ?? 'an unknown cashier'}
                {entry.state === 'attention' ? (
                  <strong className="text-bad">
                    {' '}
                    · needs attention: {entry.lastError?.message}
                  </strong>
                ) : entry.lastError ? (
                  <span className="muted"> · retrying ({entry.lastError.message})</span>
                ) : (
                  <span className="muted"> · waiting</span>
                )}
              </span>
              {entry.state === 'attention' && replayer ? (
                <button type="button" className="button" onClick={() => void sendAgain(entry)}>
                  Send again
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button"
          onClick={() => void replayer?.kick()}
          disabled={!replayer || entries.length === 0}
        >
          Sync now
        </button>
      </section>

      <section className="panel" aria-labelledby="device-title">
        <h2 id="device-title">This register</h2>
        <p>
          {device?.tenantName} · {device?.storeName} · {device?.registerName}
        </p>
        <button
          type="button"
          className="button button-danger"
          onClick={unpair}
          disabled={unsynced > 0}
        >
          Unpair register
        </button>
        {unsynced > 0 ? (
          <p className="muted small">
            Unpairing waits until every sale made here has reached the server.
          </p>
        ) : null}
      </section>
    </main>
  );
}
