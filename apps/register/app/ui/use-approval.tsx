import { type ReactNode, useState } from 'react';
import type { ApprovalAction } from '../api-types.ts';
import { ApprovalDialog } from './ApprovalDialog.tsx';

// Runs steps that may each need a manager's approval, one dialog at a time: ask(action) resolves
// with the approval id, or null when the cashier closed the dialog.

interface Pending {
  readonly action: ApprovalAction;
  readonly subject?: Record<string, string>;
  readonly resolve: (approvalId: string | null) => void;
}

export function useApproval(): {
  readonly ask: (
    action: ApprovalAction,
    subject?: Record<string, string>,
  ) => Promise<string | null>;
  readonly dialog: ReactNode;
} {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = (action: ApprovalAction, subject?: Record<string, string>) =>
    new Promise<string | null>((resolve) =>
      setPending({ action, ...(subject ? { subject } : {}), resolve }),
    );
  const dialog = pending ? (
    <ApprovalDialog
      action={pending.action}
      {...(pending.subject ? { subject: pending.subject } : {})}
      onApproved={(approvalId) => {
        setPending(null);
        pending.resolve(approvalId);
      }}
      onClose={() => {
        setPending(null);
        pending.resolve(null);
      }}
    />
  ) : null;
  return { ask, dialog };
}
