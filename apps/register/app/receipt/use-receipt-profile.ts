import type { TillpointClient } from '@tillpoint/api-client';
import { useEffect } from 'react';
import { refreshReceiptProfile } from './profile.ts';

// Keeps the cached receipt profile current: after pairing (device token), after sign-in (the
// cashier's session) and each time the platform becomes reachable, so the register holds it
// before the network goes.

const REFRESH_MS = 10 * 60_000;

export function useReceiptProfileRefresh(input: {
  readonly online: boolean;
  readonly registerId: string | null;
  readonly client: TillpointClient | null;
}): void {
  const { online, registerId, client } = input;
  useEffect(() => {
    if (!online || !registerId || !client) return;
    void refreshReceiptProfile(client.api, registerId);
    const timer = setInterval(() => void refreshReceiptProfile(client.api, registerId), REFRESH_MS);
    return () => clearInterval(timer);
  }, [online, registerId, client]);
}
