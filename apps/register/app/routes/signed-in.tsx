import { Navigate, Outlet } from 'react-router';
import { isExpired } from '../device/cashier-store.ts';
import { LockScreen } from '../ui/LockScreen.tsx';
import { InfoNote } from '../ui/Notice.tsx';
import { useRegister } from '../ui/register-context.ts';
import { StatusBar } from '../ui/StatusBar.tsx';
import { useIdle } from '../ui/use-idle.ts';

// Every screen a signed-in cashier uses: the status bar on top, the lock screen over it when
// locked (by the button or after the idle time), sign-in when the PIN session has run out.

export default function SignedIn() {
  const { device, cashier, setCashier, preferences, dbError } = useRegister();
  const lock = () => {
    if (cashier && !cashier.locked) setCashier({ ...cashier, locked: true });
  };
  useIdle(preferences.autoLockMinutes, lock, cashier !== null && !cashier.locked);

  if (!device) return <Navigate to="/pair" replace />;
  if (!cashier || isExpired(cashier)) return <Navigate to="/sign-in" replace />;
  if (cashier.locked)
    return (
      <LockScreen cashier={cashier} onUnlock={() => setCashier({ ...cashier, locked: false })} />
    );
  return (
    <div className="app-shell">
      <StatusBar onLock={lock} />
      {dbError ? (
        <InfoNote>
          This browser's storage could not be opened ({dbError}); offline selling is not available.
        </InfoNote>
      ) : null}
      <Outlet />
    </div>
  );
}
