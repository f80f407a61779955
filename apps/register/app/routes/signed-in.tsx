import { Navigate, Outlet } from 'react-router';
import { sessionStatus } from '../device/cashier-store.ts';
import { LockScreen } from '../ui/LockScreen.tsx';
import { InfoNote } from '../ui/Notice.tsx';
import { useRegister } from '../ui/register-context.ts';
import { StatusBar } from '../ui/StatusBar.tsx';
import { useExpiryTick } from '../ui/use-expiry.ts';
import { useIdle } from '../ui/use-idle.ts';

// Every screen a signed-in cashier uses: the status bar on top, the lock screen over it when
// locked (by the button or after the idle time), sign-in when the PIN session has run out and
// the platform can be reached. Sign-in needs the network, so a session that runs out during an
// outage keeps the cashier selling (the cart stays in sessionStorage across the later sign-in).

export default function SignedIn() {
  const { device, cashier, setCashier, preferences, dbError, online } = useRegister();
  const lock = () => {
    if (cashier && !cashier.locked) setCashier({ ...cashier, locked: true });
  };
  useIdle(preferences.autoLockMinutes, lock, cashier !== null && !cashier.locked);
  // Re-renders when the session runs out while this screen is open.
  useExpiryTick(cashier?.expiresAt ?? null);

  if (!device) return <Navigate to="/pair" replace />;
  const status = cashier ? sessionStatus(cashier, online) : 'expired';
  if (!cashier || status === 'expired') return <Navigate to="/sign-in" replace />;
  if (cashier.locked)
    return (
      <LockScreen cashier={cashier} onUnlock={() => setCashier({ ...cashier, locked: false })} />
    );
  return (
    <div className="app-shell">
      <StatusBar onLock={lock} />
      {status === 'expired_offline' && cashier.offline ? (
        <InfoNote>
          Signed in offline — sales are kept and sent when the connection returns.
        </InfoNote>
      ) : status === 'expired_offline' ? (
        <InfoNote>
          Your session ran out while offline. Keep selling; sign in again when the connection is
          back: your sales are kept.
        </InfoNote>
      ) : null}
      {dbError ? (
        <InfoNote>
          This browser's storage could not be opened ({dbError}); offline selling is not available.
        </InfoNote>
      ) : null}
      <Outlet />
    </div>
  );
}
