import { ok } from '@tillpoint/api-client';
import { useEffect, useState } from 'react';
import { isApprover } from '../checkout/approvals.ts';
import { messageOf } from '../device/api.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './Notice.tsx';
import { PinPad } from './PinPad.tsx';
import { useRegister } from './register-context.ts';

/** Picks a manager and takes their PIN; the caller decides what to do with it. */
export function ManagerPinDialog({
  title,
  onPin,
  onClose,
  error,
  busy,
}: {
  readonly title: string;
  readonly onPin: (userId: string, pin: string) => void;
  readonly onClose: () => void;
  readonly error: string | null;
  readonly busy: boolean;
}) {
  const { deviceClient } = useRegister();
  const [managers, setManagers] = useState<readonly { id: string; name: string }[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (!deviceClient) return;
    ok(deviceClient.api.GET('/api/v1/device/staff'))
      .then((staff) =>
        setManagers(staff.filter((member) => isApprover(member.role) && !member.pinLocked)),
      )
      .catch((caught: unknown) => setLoadError(messageOf(caught)));
  }, [deviceClient]);
  return (
    <Dialog title={title} onClose={onClose}>
      <ErrorNote message={loadError ?? error} />
      <fieldset className="chip-row plain-fieldset">
        <legend className="visually-hidden">Manager</legend>
        {managers?.map((manager) => (
          <button
            key={manager.id}
            type="button"
            className={picked === manager.id ? 'chip chip-on' : 'chip'}
            aria-pressed={picked === manager.id}
            onClick={() => setPicked(manager.id)}
          >
            {manager.name}
          </button>
        ))}
      </fieldset>
      {picked ? (
        <PinPad
          key={picked}
          label="Manager PIN"
          submitLabel="Continue"
          busy={busy}
          onSubmit={(pin) => onPin(picked, pin)}
        />
      ) : null}
    </Dialog>
  );
}
