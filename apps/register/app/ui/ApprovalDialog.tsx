import { ok } from '@tillpoint/api-client';
import { useEffect, useState } from 'react';
import type { ApprovalAction } from '../api-types.ts';
import { isApprover, requestApproval } from '../checkout/approvals.ts';
import { messageOf } from '../device/api.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './Notice.tsx';
import { PinPad } from './PinPad.tsx';
import { useRegister } from './register-context.ts';

// A manager approves one action with their PIN on this till (online: the server checks the
// PIN and issues a one-time approval id for the signed-in cashier).

interface Approver {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

export const APPROVAL_TITLES: Record<ApprovalAction, string> = {
  'sale.void': 'Void the sale',
  'sale.discount_over_limit': 'Discount over the limit',
  'sale.price_override': 'Price override',
  'sale.reverse': 'Reverse the sale',
  'refund.without_receipt': 'Refund without receipt',
  'drawer.no_sale': 'Open the drawer (no sale)',
};

export function ApprovalDialog({
  action,
  reason,
  subject,
  onApproved,
  onClose,
}: {
  readonly action: ApprovalAction;
  readonly reason?: string;
  readonly subject?: Record<string, string>;
  readonly onApproved: (approvalId: string) => void;
  readonly onClose: () => void;
}) {
  const { deviceClient, client, online, cashier } = useRegister();
  const [approvers, setApprovers] = useState<readonly Approver[] | null>(null);
  const [picked, setPicked] = useState<Approver | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!deviceClient) return;
    ok(deviceClient.api.GET('/api/v1/device/staff'))
      .then((staff) =>
        setApprovers(
          staff.filter(
            (member) =>
              isApprover(member.role) && !member.pinLocked && member.id !== cashier?.user.id,
          ),
        ),
      )
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [deviceClient, cashier]);

  async function approve(pin: string) {
    if (!client || !picked) return;
    setBusy(true);
    setError(null);
    try {
      const approvalId = await requestApproval(client.api, {
        action,
        approverId: picked.id,
        pin,
        ...(reason ? { reason } : {}),
        ...(subject ? { subject } : {}),
      });
      onApproved(approvalId);
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Manager approval: ${APPROVAL_TITLES[action]}`} onClose={onClose}>
      {!online ? (
        <ErrorNote message="A manager's approval needs the network; it cannot be given offline." />
      ) : null}
      <ErrorNote message={error} />
      {approvers === null && !error ? <p className="muted">Loading managers…</p> : null}
      {approvers !== null && approvers.length === 0 ? (
        <p className="muted">No manager can approve on this register.</p>
      ) : null}
      <fieldset className="chip-row plain-fieldset">
        <legend className="visually-hidden">Approving manager</legend>
        {approvers?.map((approver) => (
          <button
            key={approver.id}
            type="button"
            className={picked?.id === approver.id ? 'chip chip-on' : 'chip'}
            aria-pressed={picked?.id === approver.id}
            onClick={() => setPicked(approver)}
          >
            {approver.name}
          </button>
        ))}
      </fieldset>
      {picked ? (
        <PinPad
          key={picked.id}
          label="Manager PIN"
          submitLabel="Approve"
          busy={busy || !online}
          onSubmit={(pin) => void approve(pin)}
        />
      ) : null}
    </Dialog>
  );
}
