import type { TillpointClient } from '@tillpoint/api-client';
import { createContext, useContext } from 'react';
import type { SalesSettings } from '../api-types.ts';
import type { CashierSession } from '../device/cashier-store.ts';
import type { Connectivity } from '../device/connectivity.ts';
import type { DevicePairing } from '../device/device-store.ts';
import type { Preferences } from '../device/preferences.ts';
import type { BridgeClient, BridgeStatus } from '../hardware/bridge-client.ts';
import type { BridgePairing } from '../hardware/bridge-store.ts';
import type { RegisterDb } from '../offline/db.ts';
import type { OutboxReplayer, OutboxStats } from '../offline/outbox.ts';
import type { SaleContext } from '../sale/context.ts';

// Everything the screens share: who this till is, who is selling, the offline database and its
// outbox, connectivity, the hardware bridge. One provider at the root owns it.

export type BridgeState =
  | { readonly kind: 'unpaired' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'ready'; readonly status: BridgeStatus }
  | { readonly kind: 'unreachable'; readonly message: string };

export interface CatalogState {
  readonly syncing: boolean;
  readonly lastSyncAt: number | null;
  readonly error: string | null;
  readonly variantCount: number;
}

export interface RegisterState {
  readonly device: DevicePairing | null;
  readonly cashier: CashierSession | null;
  readonly online: boolean;
  readonly connectivity: Connectivity;
  readonly db: RegisterDb | null;
  readonly dbError: string | null;
  readonly outbox: OutboxStats;
  readonly replayer: OutboxReplayer | null;
  readonly saleContext: SaleContext | null;
  readonly salesSettings: SalesSettings | null;
  readonly catalog: CatalogState;
  readonly preferences: Preferences;
  readonly bridgePairing: BridgePairing | null;
  readonly bridge: BridgeClient | null;
  readonly bridgeState: BridgeState;
  /** Client with the device token (pairing-level calls: staff list, PIN sign-in). */
  readonly deviceClient: TillpointClient | null;
  /** Client with the cashier's PIN-session token. */
  readonly client: TillpointClient | null;
  setDevice(device: DevicePairing | null): void;
  setCashier(cashier: CashierSession | null): void;
  setPreferences(preferences: Preferences): void;
  setBridgePairing(pairing: BridgePairing | null): void;
  syncNow(): Promise<void>;
  refreshBridge(): Promise<void>;
  refreshOutbox(): Promise<void>;
}

export const RegisterContext = createContext<RegisterState | null>(null);

export function useRegister(): RegisterState {
  const state = useContext(RegisterContext);
  if (!state) throw new Error('useRegister outside RegisterProvider');
  return state;
}
