import { ok, type paths } from '@tillpoint/api-client';
import { isRole, roleHasPermission } from '@tillpoint/domain';
import { useCallback, useEffect, useState } from 'react';
import { codeOf, messageOf } from '../device/api.ts';
import { withManagerSession } from '../device/manager-session.ts';
import { formatMoney } from '../sale/format.ts';
import { uuidv7 } from '../sale/uuid.ts';
import { CashReport, type XReport, type ZReport } from '../ui/CashReport.tsx';
import {
  type Counts,
  countTotal,
  type Denomination,
  DenominationCount,
} from '../ui/DenominationCount.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ManagerPinDialog } from '../ui/ManagerPinDialog.tsx';
import { parseAmount } from '../ui/money.ts';
import { ErrorNote, InfoNote } from '../ui/Notice.tsx';
import { useRegister } from '../ui/register-context.ts';
import { useApproval } from '../ui/use-approval.tsx';

export function meta() {
  return [{ title: 'Shift · Tillpoint Register' }];
}

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type CashSession = Json<
  paths['/api/v1/registers/{registerId}/cash-sessions/current']['get']['responses'][200]
>;

type Panel = 'none' | 'payIn' | 'payOut' | 'close' | 'x';

export default function Shift() {
  const { client, deviceClient, device, cashier, online, bridge, saleContext } = useRegister();
  const approval = useApproval();
  const [session, setSession] = useState<CashSession | null | undefined>(undefined);
  const [denominations, setDenominations] = useState<readonly Denomination[]>([]);
  const [currency, setCurrency] = useState<string>(device?.currency ?? 'USD');
  const [counts, setCounts] = useState<Counts>({});
  const [panel, setPanel] = useState<Panel>('none');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [xReport, setXReport] = useState<XReport | null>(null);
  const [closed, setClosed] = useState<CashSession | null>(null);
  const [zReport, setZReport] = useState<ZReport | null>(null);
  const [askManager, setAskManager] = useState(false);
  const [managerError, setManagerError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!client || !device) return;
    setError(null);
    try {
      const denoms = await ok(
        client.api.GET('/api/v1/cash-denominations', {
          params: { query: device.currency ? { currency: device.currency } : {} },
        }),
      );
      setDenominations(denoms.denominations);
      setCurrency(denoms.currency);
      const {
        data,
        response,
        error: failure,
      } = await client.api.GET('/api/v1/registers/{registerId}/cash-sessions/current', {
        params: { path: { registerId: device.registerId } },
      });
      if (response.status === 404) setSession(null);
      else if (data) setSession(data);
      else
        setError(
          (failure as { message?: string } | undefined)?.message ??
            'The shift could not be loaded.',
        );
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, [client, device]);

  useEffect(() => {
    if (online) void load();
  }, [online, load]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await action();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const openShift = () =>
    run(async () => {
      if (!client || !device) return;
      const opened = await ok(
        client.api.POST('/api/v1/registers/{registerId}/cash-sessions', {
          params: { path: { registerId: device.registerId } },
          body: { counts },
        }),
      );
      setSession(opened);
      setCounts({});
      setClosed(null);
      setZReport(null);
      setMessage(`Shift open with a float of ${formatMoney(opened.openingFloatMinor, currency)}.`);
    });

  const movement = (kind: 'pay_in' | 'pay_out') =>
    run(async () => {
      if (!client || !session || !saleContext) return;
      const amountMinor = parseAmount(amount, saleContext);
      if (amountMinor === null || amountMinor <= 0) throw new Error('Type the amount, e.g. 20.00.');
      if (reason.trim() === '') throw new Error('Say why the cash goes in or out.');
      await ok(
        client.api.POST('/api/v1/cash-sessions/{id}/movements', {
          params: { path: { id: session.id } },
          body: { kind, amountMinor, reason: reason.trim() },
        }),
      );
      setPanel('none');
      setAmount('');
      setReason('');
      setMessage(
        `${kind === 'pay_in' ? 'Pay-in' : 'Pay-out'} of ${formatMoney(amountMinor, currency)} recorded.`,
      );
      if (bridge && device)
        await bridge
          .openDrawer({ jobId: uuidv7(), registerId: device.registerId })
          .catch(() => undefined);
    });

  const noSale = () =>
    run(async () => {
      if (!client || !session || !device || !cashier) return;
      const role = cashier.user.role;
      let approvalId: string | null = null;
      if (!(isRole(role) && roleHasPermission(role, 'cash.no_sale'))) {
        approvalId = await approval.ask('drawer.no_sale');
        if (!approvalId) return;
      }
      await ok(
        client.api.POST('/api/v1/cash-sessions/{id}/no-sale', {
          params: { path: { id: session.id } },
          body: approvalId ? { approvalId } : {},
        }),
      );
      if (bridge) await bridge.openDrawer({ jobId: uuidv7(), registerId: device.registerId });
      setMessage(
        bridge
          ? 'Drawer opened (no sale recorded).'
          : 'No sale recorded; no bridge is paired, open the drawer by hand.',
      );
    });

  const showX = () =>
    run(async () => {
      if (!client || !session) return;
      setXReport(
        await ok(
          client.api.GET('/api/v1/cash-sessions/{id}/report', {
            params: { path: { id: session.id } },
          }),
        ),
      );
      setPanel('x');
    });

  const closeShift = () =>
    run(async () => {
      if (!client || !session) return;
      const done = await ok(
        client.api.POST('/api/v1/cash-sessions/{id}/close', {
          params: { path: { id: session.id } },
          body: { counts, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
      setClosed(done);
      setSession(null);
      setCounts({});
      setPanel('none');
      try {
        setZReport(
          await ok(
            client.api.GET('/api/v1/cash-sessions/{id}/z-report', {
              params: { path: { id: done.id } },
            }),
          ),
        );
      } catch (caught) {
        // A cashier may not read expected cash: a manager opens the Z report with their PIN.
        if (codeOf(caught) === 'auth.forbidden' || codeOf(caught) === 'identity.forbidden')
          setAskManager(true);
        else setError(messageOf(caught));
      }
    });

  async function managerZ(userId: string, pin: string) {
    if (!deviceClient || !closed) return;
    setBusy(true);
    setManagerError(null);
    try {
      const report = await withManagerSession(deviceClient, { userId, pin }, (manager) =>
        ok(
          manager.api.GET('/api/v1/cash-sessions/{id}/z-report', {
            params: { path: { id: closed.id } },
          }),
        ),
      );
      setZReport(report);
      setAskManager(false);
    } catch (caught) {
      setManagerError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const total = countTotal(counts, currency);

  return (
    <main className="screen">
      <section className="panel">
        <header className="row-between">
          <h1>Shift</h1>
          {session ? (
            <span className="pill pill-ok">
              Open since {new Date(session.openedAt).toLocaleTimeString()}
            </span>
          ) : session === null ? (
            <span className="pill pill-warn">No open shift</span>
          ) : null}
        </header>
        {!online ? (
          <ErrorNote message="Shift actions need the network. Selling continues offline." />
        ) : null}
        <ErrorNote message={error} />
        {message ? <InfoNote>{message}</InfoNote> : null}

        {session === undefined && online ? <p className="muted">Loading the shift…</p> : null}

        {/* The shift just closed and its Z report come first; opening the next shift is below. */}
        {closed ? (
          <InfoNote>
            Shift closed. Counted {formatMoney(closed.countedMinor ?? 0, currency)}.
          </InfoNote>
        ) : null}
        {zReport ? (
          <>
            <CashReport report={zReport} />
            <button type="button" className="button" onClick={() => window.print()}>
              Print Z report
            </button>
          </>
        ) : null}
        {closed && !zReport ? (
          <button type="button" className="button" onClick={() => setAskManager(true)}>
            Show Z report (manager)
          </button>
        ) : null}

        {session === null ? (
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              void openShift();
            }}
          >
            <p>
              Count the float in the drawer, then open the shift. Selling online needs an open
              shift.
            </p>
            <DenominationCount
              currency={currency}
              denominations={denominations}
              counts={counts}
              onChange={setCounts}
              label="Opening float"
            />
            <p className="total-line">
              Float <strong>{formatMoney(total, currency)}</strong>
            </p>
            <button
              type="submit"
              className="button button-primary button-big"
              disabled={busy || !online}
            >
              Open shift
            </button>
          </form>
        ) : null}

        {session ? (
          <>
            <p>
              Opening float <strong>{formatMoney(session.openingFloatMinor, currency)}</strong>
            </p>
            <div className="button-row">
              <button
                type="button"
                className="button"
                onClick={() => setPanel('payIn')}
                disabled={busy}
              >
                Pay in
              </button>
              <button
                type="button"
                className="button"
                onClick={() => setPanel('payOut')}
                disabled={busy}
              >
                Pay out
              </button>
              <button
                type="button"
                className="button"
                onClick={() => void noSale()}
                disabled={busy}
              >
                No sale
              </button>
              <button type="button" className="button" onClick={() => void showX()} disabled={busy}>
                X report
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => setPanel('close')}
                disabled={busy}
              >
                Close shift
              </button>
            </div>
          </>
        ) : null}
      </section>

      {panel === 'payIn' || panel === 'payOut' ? (
        <Dialog title={panel === 'payIn' ? 'Pay in' : 'Pay out'} onClose={() => setPanel('none')}>
          <ErrorNote message={error} />
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              void movement(panel === 'payIn' ? 'pay_in' : 'pay_out');
            }}
          >
            <label className="field">
              <span>Amount</span>
              <input
                inputMode="decimal"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
              />
            </label>
            <label className="field">
              <span>Reason</span>
              <input
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                placeholder={panel === 'payIn' ? 'Change top-up' : 'Window cleaner'}
              />
            </label>
            <button type="submit" className="button button-primary" disabled={busy}>
              {panel === 'payIn' ? 'Record pay-in' : 'Record pay-out'}
            </button>
          </form>
        </Dialog>
      ) : null}

      {panel === 'close' ? (
        <Dialog title="Close shift" onClose={() => setPanel('none')} wide>
          <p>Count everything in the drawer. The expected amount is not shown: count blind.</p>
          <ErrorNote message={error} />
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              void closeShift();
            }}
          >
            <DenominationCount
              currency={currency}
              denominations={denominations}
              counts={counts}
              onChange={setCounts}
              label="Closing count"
            />
            <p className="total-line">
              Counted <strong>{formatMoney(total, currency)}</strong>
            </p>
            <label className="field">
              <span>Note (optional)</span>
              <input value={note} onChange={(event) => setNote(event.target.value)} />
            </label>
            <button type="submit" className="button button-danger button-big" disabled={busy}>
              Confirm count and close
            </button>
          </form>
        </Dialog>
      ) : null}

      {panel === 'x' && xReport ? (
        <Dialog title="X report" onClose={() => setPanel('none')} wide>
          <CashReport report={xReport} />
        </Dialog>
      ) : null}

      {askManager ? (
        <ManagerPinDialog
          title="Z report: manager PIN"
          busy={busy}
          error={managerError}
          onClose={() => setAskManager(false)}
          onPin={(userId, pin) => void managerZ(userId, pin)}
        />
      ) : null}
      {approval.dialog}
    </main>
  );
}
