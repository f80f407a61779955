import { useSyncExternalStore } from 'react';
import type { Connectivity } from '../device/connectivity.ts';

export function useOnline(connectivity: Connectivity): boolean {
  return useSyncExternalStore(connectivity.subscribe, connectivity.online, () => true);
}
