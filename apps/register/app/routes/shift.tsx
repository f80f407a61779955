import { ok, type paths, type TillpointClient } from '@tillpoint/api-client';
import { isRole, roleHasPermission } from '@tillpoint/domain';
import { useCallback, useEffect, useState } from 'react';
import { codeOf, messageOf } from '../device/api.ts';
import { withManagerSession } from '../device/manager-session.ts';
import { BridgeError } from '../hardware/bridge-client.ts';
import {
  type CashReportKind,
  fetchCashReportBytes,
  sendCashReport,
  zReportJobId,
} from '../hardware/print-cash-report.ts';
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

/** What a manager's PIN is asked for: reading a report, or printing one, a cashier may not. */
type ManagerTask = { readonly kind: CashReportKind; readonly action: 'view' | 'print' };

const MANAGER_TITLES: Record<`${ManagerTask['action']}-${CashReportKind}`, string> = {
  'view-x': 'X report: manager PIN',
  'view-z': 'Z report: manager PIN',
  'print-x': 'Print the X report: manager PIN',
  'print-z': 'Print the Z report: manager PIN',
};

/**
 * The report routes answer printed formats (text, printer bytes) only when asked with format=;
 * without it they answer the JSON figures, which is what the screen reads.
 */
function jsonReport<T extends object>(data: T | string): T {
  if (typeof data === 'string')
    throw new Error('The server answered a printed report where the figures were expected.');
  return data;
}

/** A cashier's role lacks the report permission (cash.read): a manager can lend theirs. */
function forbidden(caught: unknown): boolean {
  const code = codeOf(caught);
  return code === 'auth.forbidden' || code === 'identity.forbidden';
}

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
  const [managerTask, setManagerTask] = useState<ManagerTask | null>(null);
  // An X report is printed under an id chosen when it is taken (its figures are of that moment);
  // a Z report under one fixed per session. Either way a second press prints nothing new.
  const [xJobId, setXJobId] = useState<string | null>(null);
  const [sentJobs, setSentJobs] = useState<ReadonlySet<string>>(() => new Set());
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

  function openX(report: XReport) {
    setXReport(report);
    setXJobId(uuidv7());
    setPanel('x');
  }

  const showX = () =>
    run(async () => {
      if (!client || !session) return;
      try {
        openX(
          jsonReport(
            await ok(
              client.api.GET('/api/v1/cash-sessions/{id}/report', {
                params: { path: { id: session.id } },
              }),
            ),
          ),
        );
      } catch (caught) {
        // A cashier may not read expected cash: a manager opens the X report with their PIN.
        if (forbidden(caught)) setManagerTask({ kind: 'x', action: 'view' });
        else throw caught;
      }
    });

  function printTarget(kind: CashReportKind): { sessionId: string; jobId: string } | null {
    const report = kind === 'x' ? xReport : zReport;
    if (!report) return null;
    const jobId = kind === 'x' ? xJobId : zReportJobId(report.cashSessionId);
    return jobId ? { sessionId: report.cashSessionId, jobId } : null;
  }

  /** Sends the bytes to the bridge; a report it has printed already is not printed again. */
  async function deliver(jobId: string, bytes: Uint8Array) {
    if (!bridge || !device) return;
    try {
      await sendCashReport(bridge, device.registerId, jobId, bytes);
      setMessage('Sent to the printer.');
    } catch (caught) {
      if (!(caught instanceof BridgeError && caught.code === 'job.conflict')) throw caught;
      setMessage('This report was printed already. Press Reprint for a copy.');
    }
    setSentJobs((sent) => new Set(sent).add(jobId));
  }

  const printReport = (kind: CashReportKind) =>
    run(async () => {
      // Without a paired bridge the browser prints the report on screen.
      if (!bridge || !client) {
        window.print();
        return;
      }
      const target = printTarget(kind);
      if (!target) return;
      if (sentJobs.has(target.jobId)) {
        await bridge.reprint(target.jobId, uuidv7());
        setMessage('Reprint sent to the printer.');
        return;
      }
      let bytes: Uint8Array;
      try {
        bytes = await fetchCashReportBytes(client, target.sessionId, kind);
      } catch (caught) {
        if (forbidden(caught)) {
          setManagerTask({ kind, action: 'print' });
          return;
        }
        throw caught;
      }
      await deliver(target.jobId, bytes);
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
          jsonReport(
            await ok(
              client.api.GET('/api/v1/cash-sessions/{id}/z-report', {
                params: { path: { id: done.id } },
              }),
            ),
          ),
        );
      } catch (caught) {
        // A cashier may not read expected cash: a manager opens the Z report with their PIN.
        if (forbidden(caught)) setManagerTask({ kind: 'z', action: 'view' });
        else setError(messageOf(caught));
      }
    });

  /** What the manager's PIN session reads: the report itself, or its printer bytes. */
  async function readAsManager(
    manager: TillpointClient,
    task: ManagerTask,
  ): Promise<{ jobId: string; bytes: Uint8Array } | null> {
    if (task.action === 'print') {
      const target = printTarget(task.kind);
      if (!target) return null;
      const bytes = await fetchCashReportBytes(manager, target.sessionId, task.kind);
      return { jobId: target.jobId, bytes };
    }
    if (task.kind === 'z' && closed) {
      const id = closed.id;
      setZReport(
        jsonReport(
          await ok(
            manager.api.GET('/api/v1/cash-sessions/{id}/z-report', { params: { path: { id } } }),
          ),
        ),
      );
    } else if (task.kind === 'x' && session) {
      const id = session.id;
      openX(
        jsonReport(
          await ok(
            manager.api.GET('/api/v1/cash-sessions/{id}/report', { params: { path: { id } } }),
          ),
        ),
      );
    }
    return null;
  }

  /** The manager's PIN session does the one thing asked for, and ends; printing follows. */
  async function asManager(task: ManagerTask, userId: string, pin: string) {
    if (!deviceClient) return;
    setBusy(true);
    setManagerError(null);
    let printing: { jobId: string; bytes: Uint8Array } | null;
    try {
      printing = await withManagerSession(deviceClient, { userId, pin }, (manager) =>
        readAsManager(manager, task),
      );
      setManagerTask(null);
    } catch (caught) {
      setManagerError(messageOf(caught));
      return;
    } finally {
      setBusy(false);
    }
    if (printing) {
      const { jobId, bytes } = printing;
      await run(() => deliver(jobId, bytes));
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
            <button
              type="button"
              className="button"
              onClick={() => void printReport('z')}
              disabled={busy}
            >
              {sentJobs.has(printTarget('z')?.jobId ?? '') ? 'Reprint Z report' : 'Print Z report'}
            </button>
          </>
        ) : null}
        {closed && !zReport ? (
          <button
            type="button"
            className="button"
            onClick={() => setManagerTask({ kind: 'z', action: 'view' })}
          >
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
          <ErrorNote message={error} />
          {message ? <InfoNote>{message}</InfoNote> : null}
          <button
            type="button"
            className="button"
            onClick={() => void printReport('x')}
            disabled={busy}
          >
            {xJobId && sentJobs.has(xJobId) ? 'Reprint X report' : 'Print X report'}
          </button>
        </Dialog>
      ) : null}

      {managerTask ? (
        <ManagerPinDialog
          title={MANAGER_TITLES[`${managerTask.action}-${managerTask.kind}`]}
          busy={busy}
          error={managerError}
          onClose={() => setManagerTask(null)}
          onPin={(userId, pin) => void asManager(managerTask, userId, pin)}
        />
      ) : null}
      {approval.dialog}
    </main>
  );
}
