import { useEffect, useState } from 'react';

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Whether the instant has passed, re-rendering when it does: the PIN session runs out while the
 * screen stays open, and nothing else would make the shell look at the clock again.
 */
export function useExpiryTick(isoInstant: string | null): boolean {
  const at = isoInstant === null ? Number.NaN : Date.parse(isoInstant);
  const [passed, setPassed] = useState(() => at <= Date.now());
  useEffect(() => {
    if (Number.isNaN(at)) {
      setPassed(false);
      return;
    }
    const left = at - Date.now();
    setPassed(left <= 0);
    if (left <= 0) return;
    const timer = setTimeout(() => setPassed(true), Math.min(left, MAX_TIMEOUT_MS));
    return () => clearTimeout(timer);
  }, [at]);
  return passed;
}
