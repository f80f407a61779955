import { useState } from 'react';
import { Link } from 'react-router';
import type { CashierSession } from '../device/cashier-store.ts';
import { verifyPin } from '../device/pin-hash.ts';
import { ErrorNote } from './Notice.tsx';
import { PinPad } from './PinPad.tsx';

// The locked till: only the signed-in cashier's PIN opens it again, checked against the stored
// PBKDF2 hash so it works offline. Another person signs in instead (the cart stays).

export function LockScreen({
  cashier,
  onUnlock,
}: {
  readonly cashier: CashierSession;
  readonly onUnlock: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <main className="centered-screen lock-screen" aria-label="Register locked">
      <section className="panel panel-narrow">
        <h1>Locked</h1>
        <p className="muted">{cashier.user.name} is signed in. Enter your PIN to continue.</p>
        <ErrorNote message={error} />
        <PinPad
          busy={busy}
          submitLabel="Unlock"
          onSubmit={async (pin) => {
            setBusy(true);
            setError(null);
            const matches = await verifyPin(pin, cashier.pinHash);
            setBusy(false);
            if (matches) onUnlock();
            else setError('That PIN does not match. Try again.');
          }}
        />
        <p className="center">
          <Link to="/sign-in?switch=1" className="button button-ghost">
            Switch cashier
          </Link>
        </p>
      </section>
    </main>
  );
}
