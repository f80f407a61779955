import { ok } from '@tillpoint/api-client';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { createRegisterClient, messageOf } from '../device/api.ts';
import { ErrorNote } from '../ui/Notice.tsx';
import { useRegister } from '../ui/register-context.ts';

export function meta() {
  return [{ title: 'Pair this register · Tillpoint' }];
}

export default function Pair() {
  const { device, setDevice, connectivity, online } = useRegister();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (device) return <Navigate to="/sign-in" replace />;

  async function pair() {
    setBusy(true);
    setError(null);
    try {
      // No token yet: pairing is the call that hands one out.
      const client = createRegisterClient('', connectivity);
      client.setToken(null);
      const paired = await ok(
        client.api.POST('/api/v1/devices/pair', {
          body: {
            code: code.trim(),
            ...(deviceName.trim() ? { deviceName: deviceName.trim() } : {}),
          },
        }),
      );
      setDevice({
        deviceToken: paired.deviceToken,
        deviceId: paired.deviceId,
        registerId: paired.registerId,
        registerName: paired.registerName,
        storeId: paired.storeId,
        storeName: paired.storeName,
        tenantId: paired.tenantId,
        tenantName: paired.tenantName,
        currency: null,
        pairedAt: new Date().toISOString(),
      });
      navigate('/sign-in', { replace: true });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered-screen">
      <section className="panel panel-narrow">
        <h1>Pair this register</h1>
        <p className="muted">
          A manager creates a pairing code in the back office (Stores → Registers → Pair a device).
          Enter it here within 15 minutes.
        </p>
        {!online ? (
          <ErrorNote message="The server cannot be reached: pairing needs the network." />
        ) : null}
        <ErrorNote message={error} />
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void pair();
          }}
        >
          <label className="field">
            <span>Pairing code</span>
            <input
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              // biome-ignore lint/a11y/noAutofocus: the code is the only thing to type here
              autoFocus
              required
              className="input-large"
            />
          </label>
          <label className="field">
            <span>Device name (optional)</span>
            <input
              value={deviceName}
              onChange={(event) => setDeviceName(event.target.value)}
              placeholder="Front counter tablet"
            />
          </label>
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={busy || code.trim() === ''}
          >
            {busy ? 'Pairing…' : 'Pair register'}
          </button>
        </form>
      </section>
    </main>
  );
}
