import { ok } from '@tillpoint/api-client';
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { messageOf } from '../device/api.ts';
import { isExpired, sessionStatus } from '../device/cashier-store.ts';
import { hashPin } from '../device/pin-hash.ts';
import { EmptyState, ErrorNote, InfoNote } from '../ui/Notice.tsx';
import { PinPad } from '../ui/PinPad.tsx';
import { useRegister } from '../ui/register-context.ts';

export function meta() {
  return [{ title: 'Sign in · Tillpoint Register' }];
}

interface StaffMember {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly pinLocked: boolean;
}

export default function SignIn() {
  const { device, deviceClient, cashier, setCashier, online, outbox, client, replayer } =
    useRegister();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const switching = params.get('switch') === '1';
  const [staff, setStaff] = useState<readonly StaffMember[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [picked, setPicked] = useState<StaffMember | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadStaff = useCallback(async () => {
    if (!deviceClient) return;
    setLoadError(null);
    try {
      setStaff(await ok(deviceClient.api.GET('/api/v1/device/staff')));
    } catch (caught) {
      setLoadError(messageOf(caught));
    }
  }, [deviceClient]);

  useEffect(() => {
    void loadStaff();
  }, [loadStaff]);

  // The cashier whose session ran out is the one most likely signing in again.
  const expiredUserId = cashier && isExpired(cashier) && !switching ? cashier.user.id : null;
  useEffect(() => {
    if (expiredUserId === null || staff === null) return;
    const member = staff.find((candidate) => candidate.id === expiredUserId);
    if (member && !member.pinLocked) setPicked((current) => current ?? member);
  }, [expiredUserId, staff]);

  if (!device) return <Navigate to="/pair" replace />;
  // Ran out while the platform is unreachable: signing in cannot work, so keep selling.
  if (cashier && sessionStatus(cashier, online) !== 'expired' && !switching && !cashier.locked)
    return <Navigate to="/" replace />;

  async function signIn(member: StaffMember, pin: string) {
    if (!deviceClient) return;
    setBusy(true);
    setError(null);
    try {
      const session = await ok(
        deviceClient.api.POST('/api/v1/device/sessions', { body: { userId: member.id, pin } }),
      );
      const pinHash = await hashPin(pin);
      // The previous cashier's token stays valid while their sales wait in the outbox (each
      // queued sale replays with the token of whoever made it); otherwise end it now.
      if (cashier && client && cashier.user.id !== session.user.id && outbox.pending === 0)
        await client.api.POST('/api/v1/device/sessions/current/end').catch(() => undefined);
      setCashier({
        token: session.token,
        sessionId: session.sessionId,
        expiresAt: session.expiresAt,
        user: session.user,
        pinHash,
        locked: false,
      });
      // This cashier's queued sales (made under an older, maybe expired session) go out under
      // the new one; nobody else's are touched. Not awaited: the till is usable at once.
      void replayer?.adopt({ userId: session.user.id, token: session.token }).catch(() => {});
      navigate('/', { replace: true });
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  }

  return (
    <main className="centered-screen">
      <section className="panel panel-wide signin">
        <header className="signin-head">
          <div>
            <h1>{switching ? 'Switch cashier' : 'Sign in'}</h1>
            <p className="muted">
              {device.storeName} · {device.registerName}
            </p>
          </div>
          {switching && cashier ? (
            <Link to="/" className="button button-ghost">
              Back to {cashier.user.name}
            </Link>
          ) : null}
        </header>
        {expiredUserId !== null && online ? (
          <InfoNote>
            {cashier?.user.name}, your session has run out. Sign in again to keep selling; sales
            waiting on this register go out under your new session.
          </InfoNote>
        ) : null}
        {!online ? (
          <InfoNote>
            The server cannot be reached. Signing in needs the network; a signed-in cashier can keep
            selling offline.
          </InfoNote>
        ) : null}
        <ErrorNote message={loadError} />
        <div className="signin-body">
          <div>
            {staff === null && !loadError ? <p className="muted">Loading staff…</p> : null}
            {staff !== null && staff.length === 0 ? (
              <EmptyState title="No staff can sign in here">
                Add people with a PIN in the back office and give them this store.
              </EmptyState>
            ) : null}
            <ul className="staff-list" aria-label="Staff">
              {staff?.map((member) => (
                <li key={member.id}>
                  <button
                    type="button"
                    className={picked?.id === member.id ? 'staff staff-picked' : 'staff'}
                    aria-pressed={picked?.id === member.id}
                    disabled={member.pinLocked}
                    onClick={() => {
                      setPicked(member);
                      setError(null);
                    }}
                  >
                    <span className="staff-name">{member.name}</span>
                    <span className="staff-role">
                      {member.pinLocked ? 'PIN locked' : member.role}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {loadError ? (
              <button type="button" className="button" onClick={() => void loadStaff()}>
                Try again
              </button>
            ) : null}
          </div>
          <div className="signin-pin">
            {picked ? (
              <>
                <p className="signin-who">{picked.name}</p>
                <ErrorNote message={error} />
                <PinPad key={picked.id} busy={busy} onSubmit={(pin) => void signIn(picked, pin)} />
              </>
            ) : (
              <EmptyState title="Choose your name">Then enter your PIN.</EmptyState>
            )}
          </div>
        </div>
      </section>
    </main>
  );
}
