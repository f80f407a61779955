import { useEffect, useState } from 'react';

// Digits on screen and on the keyboard. The PIN field is the labelled input ("PIN"), so a
// keyboard, a touch screen and the tests all reach it the same way.

export const MAX_PIN_LENGTH = 12;

export function PinPad({
  onSubmit,
  busy = false,
  submitLabel = 'Sign in',
  label = 'PIN',
  autoFocus = true,
}: {
  readonly onSubmit: (pin: string) => void;
  readonly busy?: boolean;
  readonly submitLabel?: string;
  readonly label?: string;
  readonly autoFocus?: boolean;
}) {
  const [pin, setPin] = useState('');
  useEffect(() => {
    if (busy) return;
    setPin('');
  }, [busy]);
  const press = (digit: string) =>
    setPin((current) => (current.length < MAX_PIN_LENGTH ? current + digit : current));
  const submit = () => {
    if (pin.length > 0 && !busy) onSubmit(pin);
  };
  return (
    <form
      className="pinpad"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label className="field">
        <span>{label}</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the PIN field is the only thing to do here
          autoFocus={autoFocus}
          value={pin}
          maxLength={MAX_PIN_LENGTH}
          onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))}
          disabled={busy}
          className="pin-input"
        />
      </label>
      <div className="pinpad-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((digit) => (
          <button
            key={digit}
            type="button"
            className="key"
            onClick={() => press(digit)}
            disabled={busy}
          >
            {digit}
          </button>
        ))}
        <button
          type="button"
          className="key key-muted"
          aria-label="Delete last digit"
          onClick={() => setPin((current) => current.slice(0, -1))}
          disabled={busy}
        >
          ⌫
        </button>
        <button type="button" className="key" onClick={() => press('0')} disabled={busy}>
          0
        </button>
        <button
          type="button"
          className="key key-muted"
          aria-label="Clear PIN"
          onClick={() => setPin('')}
          disabled={busy}
        >
          C
        </button>
      </div>
      <button
        type="submit"
        className="button button-primary button-block"
        disabled={busy || pin === ''}
      >
        {busy ? 'Checking…' : submitLabel}
      </button>
    </form>
  );
}
