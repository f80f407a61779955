import { NavLink } from 'react-router';
import type { BridgeState } from './register-context.ts';
import { useRegister } from './register-context.ts';

function printerLabel(state: BridgeState): { text: string; tone: 'ok' | 'warn' | 'off' } {
  switch (state.kind) {
    case 'unpaired':
      return { text: 'No printer bridge', tone: 'off' };
    case 'checking':
      return { text: 'Printer: checking', tone: 'off' };
    case 'unreachable':
      return { text: 'Printer bridge offline', tone: 'warn' };
    case 'ready': {
      const printer = state.status.printers[0];
      if (!printer) return { text: 'No printer configured', tone: 'warn' };
      const ready = printer.state === 'ready';
      return {
        text: `Printer: ${printer.state.replace('_', ' ')}${printer.queued > 0 ? ` (${printer.queued} queued)` : ''}`,
        tone: ready ? 'ok' : 'warn',
      };
    }
  }
}

export function StatusBar({ onLock }: { readonly onLock: () => void }) {
  const { device, cashier, online, outbox, bridgeState } = useRegister();
  const printer = printerLabel(bridgeState);
  return (
    <header className="statusbar">
      <div className="statusbar-where">
        <strong>{device?.storeName}</strong>
        <span className="muted"> / {device?.registerName}</span>
      </div>
      <nav className="statusbar-nav" aria-label="Register">
        <NavLink to="/" end>
          Sell
        </NavLink>
        <NavLink to="/shift">Shift</NavLink>
        <NavLink to="/returns">Returns</NavLink>
        <NavLink to="/settings">Settings</NavLink>
      </nav>
      <ul className="statusbar-flags" aria-label="Register status">
        <li className="pill pill-user" title={cashier?.user.role}>
          {cashier?.user.name}
        </li>
        <li className={online ? 'pill pill-ok' : 'pill pill-bad'} role="status">
          {online ? 'Online' : 'Offline'}
        </li>
        <li className={outbox.pending > 0 ? 'pill pill-warn' : 'pill'} role="status">
          {outbox.pending} unsynced
        </li>
        {outbox.attention > 0 ? (
          <li className="pill pill-bad">
            <NavLink to="/settings#outbox">{outbox.attention} need attention</NavLink>
          </li>
        ) : null}
        <li className={`pill pill-${printer.tone}`}>{printer.text}</li>
      </ul>
      <button type="button" className="button button-dark" onClick={onLock}>
        Lock
      </button>
    </header>
  );
}
