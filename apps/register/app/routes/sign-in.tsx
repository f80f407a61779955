import { ok } from '@tillpoint/api-client';
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { messageOf } from '../device/api.ts';
import { isExpired, sessionStatus } from '../device/cashier-store.ts';
import {
  offlineLockedUntil,
  pruneCredentials,
  rememberCredential,
  validCredentials,
} from '../device/offline-credentials.ts';
import { hashPin } from '../device/pin-hash.ts';
import { signInOffline } from '../device/sign-in-offline.ts';
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
      const listed = await ok(deviceClient.api.GET('/api/v1/device/staff'));
      // The server's list is the truth: whoever it no longer offers loses offline sign-in here.
      pruneCredentials(listed);
      setStaff(listed);
    } catch (caught) {
      setLoadError(messageOf(caught));
    }
  }, [deviceClient]);

  // Loaded again when the platform answers again: the list an outage left empty, and the pruning
  // of offline credentials it drives.
  useEffect(() => {
    if (online) void loadStaff();
  }, [loadStaff, online]);

  // The cashier whose session ran out is the one most likely signing in again.
  const expiredUserId = cashier && isExpired(cashier) && !switching ? cashier.user.id : null;
  useEffect(() => {
    if (expiredUserId === null || staff === null) return;
    const member = staff.find((candidate) => candidate.id === expiredUserId);
    if (member && !member.pinLocked) setPicked((current) => current ?? member);
  }, [expiredUserId, staff]);

  // The platform cannot be reached: offer whoever signed in online here recently, PIN checked
  // locally (offline-credentials.ts); their sales go out when the connection returns.
  const offlineStaff: readonly StaffMember[] | null = online
    ? null
    : validCredentials().map((credential) => ({
        ...credential.user,
        pinLocked: offlineLockedUntil(credential.user.id) !== null,
      }));
  const shown = offlineStaff ?? staff;

  if (!device) return <Navigate to="/pair" replace />;
  // Ran out while the platform is unreachable: signing in cannot work, so keep selling.
  if (cashier && sessionStatus(cashier, online) !== 'expired' && !switching && !cashier.locked)
    return <Navigate to="/" replace />;

  async function signInHere(member: StaffMember, pin: string) {
    setBusy(true);
    setError(null);
    const outcome = await signInOffline(member.id, pin);
    if (outcome.kind === 'refused') {
      setError(outcome.message);
      setBusy(false);
      return;
    }
    setCashier(outcome.session);
    navigate('/', { replace: true });
  }

  async function signIn(member: StaffMember, pin: string) {
    if (!online) return signInHere(member, pin);
    if (!deviceClient) return;
    setBusy(true);
    setError(null);
    try {
      const session = await ok(
        deviceClient.api.POST('/api/v1/device/sessions', { body: { userId: member.id, pin } }),
      );
      const pinHash = await hashPin(pin);
      rememberCredential(session.user, pinHash);
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
            {cashier?.offline
              ? `${cashier.user.name}, you signed in while offline and the server can be reached again. Sign in with your PIN to keep selling.`
              : `${cashier?.user.name}, your session has run out. Sign in again to keep selling.`}{' '}
            Sales waiting on this register go out under your new session.
          </InfoNote>
        ) : null}
        {!online ? (
          <InfoNote>
            The server cannot be reached. Cashiers who signed in on this register in the last 7 days
            can sign in offline with their PIN; sales are kept and sent when the connection returns.
          </InfoNote>
        ) : null}
        {online ? <ErrorNote message={loadError} /> : null}
        <div className="signin-body">
          <div>
            {shown === null && !loadError ? <p className="muted">Loading staff…</p> : null}
            {offlineStaff !== null && offlineStaff.length === 0 ? (
              <EmptyState title="Nobody can sign in offline here">
                Only people who signed in on this register while it was online can sign in without
                the network.
              </EmptyState>
            ) : null}
            {offlineStaff === null && staff !== null && staff.length === 0 ? (
              <EmptyState title="No staff can sign in here">
                Add people with a PIN in the back office and give them this store.
              </EmptyState>
            ) : null}
            <ul className="staff-list" aria-label="Staff">
              {shown?.map((member) => (
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
            {loadError && online ? (
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
