import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SalesSettings } from '../api-types.ts';
import { createRegisterClient, messageOf } from '../device/api.ts';
import {
  type CashierSession,
  clearCashier,
  loadCashier,
  saveCashier,
} from '../device/cashier-store.ts';
import { createConnectivity } from '../device/connectivity.ts';
import { clearDevice, type DevicePairing, loadDevice, saveDevice } from '../device/device-store.ts';
import { clearCredentials } from '../device/offline-credentials.ts';
import { loadPreferences, type Preferences, savePreferences } from '../device/preferences.ts';
import { createBridgeClient } from '../hardware/bridge-client.ts';
import {
  type BridgePairing,
  clearBridge,
  loadBridge,
  saveBridge,
} from '../hardware/bridge-store.ts';
import { cachedVariantCount, syncCatalog } from '../offline/catalog-cache.ts';
import {
  getMeta,
  openRegisterDb,
  type RegisterDb,
  requestPersistentStorage,
} from '../offline/db.ts';
import {
  createOutboxReplayer,
  createSubmitSender,
  type OutboxReplayer,
  type OutboxStats,
} from '../offline/outbox.ts';
import { useReceiptProfileRefresh } from '../receipt/use-receipt-profile.ts';
import { type SaleContext, saleContextOf } from '../sale/context.ts';
import {
  type BridgeState,
  type CatalogState,
  RegisterContext,
  type RegisterState,
} from './register-context.ts';
import { useOnline } from './use-online.ts';

const CATALOG_SYNC_MS = 60_000;
const BRIDGE_POLL_MS = 15_000;

function baseUrl(): string {
  return globalThis.location?.origin ?? 'http://127.0.0.1';
}

export function RegisterProvider({ children }: { children: ReactNode }) {
  const connectivity = useMemo(() => createConnectivity({ baseUrl: baseUrl() }), []);
  const online = useOnline(connectivity);
  const [device, setDeviceState] = useState<DevicePairing | null>(() => loadDevice());
  const [cashier, setCashierState] = useState<CashierSession | null>(() => loadCashier());
  const [preferences, setPreferencesState] = useState<Preferences>(() => loadPreferences());
  const [bridgePairing, setBridgeState] = useState<BridgePairing | null>(() => loadBridge());
  const [db, setDb] = useState<RegisterDb | null>(null);
  const [dbError, setDbError] = useState<string | null>(null);
  const [replayer, setReplayer] = useState<OutboxReplayer | null>(null);
  const [outbox, setOutbox] = useState<OutboxStats>({ pending: 0, attention: 0 });
  const [saleContext, setSaleContext] = useState<SaleContext | null>(null);
  const [salesSettings, setSalesSettings] = useState<SalesSettings | null>(null);
  const [catalog, setCatalog] = useState<CatalogState>({
    syncing: false,
    lastSyncAt: null,
    error: null,
    variantCount: 0,
  });
  const [bridgeState, setBridgeStatus] = useState<BridgeState>({ kind: 'unpaired' });

  useEffect(() => {
    connectivity.start();
    return () => connectivity.stop();
  }, [connectivity]);

  // The database and the outbox replayer live as long as the page.
  useEffect(() => {
    let cancelled = false;
    let started: OutboxReplayer | null = null;
    openRegisterDb()
      .then(async (opened) => {
        if (cancelled) return;
        void requestPersistentStorage();
        started = createOutboxReplayer({
          db: opened,
          send: createSubmitSender({ deviceToken: () => loadDevice()?.deviceToken ?? null }),
          onChange: (stats) => setOutbox(stats),
        });
        started.start();
        setDb(opened);
        setReplayer(started);
        setOutbox(await started.stats());
      })
      .catch((error: unknown) => setDbError(messageOf(error)));
    return () => {
      cancelled = true;
      started?.stop();
    };
  }, []);

  const deviceClient = useMemo(
    () => (device ? createRegisterClient(device.deviceToken, connectivity, baseUrl()) : null),
    [device, connectivity],
  );
  const client = useMemo(
    () => (cashier ? createRegisterClient(cashier.token, connectivity, baseUrl()) : null),
    [cashier, connectivity],
  );

  const loadContext = useCallback(async (opened: RegisterDb) => {
    const [taxTable, settings, count] = await Promise.all([
      getMeta(opened, 'taxTable'),
      getMeta(opened, 'salesSettings'),
      cachedVariantCount(opened),
    ]);
    setSalesSettings(settings ?? null);
    setSaleContext(taxTable && settings ? saleContextOf(taxTable, settings) : null);
    setCatalog((previous) => ({ ...previous, variantCount: count }));
    return taxTable?.currency ?? null;
  }, []);

  useEffect(() => {
    if (db) void loadContext(db);
  }, [db, loadContext]);

  // One catalog sync at a time: a request while one runs (sign-in right after pairing, the
  // minute timer) is folded into one more pass after it, which only reads what changed since.
  const syncing = useRef<Promise<void> | null>(null);
  const syncAgain = useRef(false);

  const syncOnce = useCallback(async () => {
    const api = client ?? deviceClient;
    if (!db || !device || !api) return;
    setCatalog((previous) => ({ ...previous, syncing: true }));
    try {
      let first = true;
      await syncCatalog(db, api.api, device.storeId, {
        // The tax table and settings are stored before the first page: selling can start while
        // the rest of a large catalog arrives.
        onPage: () => {
          if (first) void loadContext(db);
          first = false;
        },
      });
      const currency = await loadContext(db);
      setCatalog((previous) => ({
        ...previous,
        syncing: false,
        lastSyncAt: Date.now(),
        error: null,
      }));
      if (currency && currency !== device.currency) {
        const next = { ...device, currency };
        saveDevice(next);
        setDeviceState(next);
      }
    } catch (error) {
      setCatalog((previous) => ({ ...previous, syncing: false, error: messageOf(error) }));
    }
  }, [db, device, client, deviceClient, loadContext]);

  // The pass after a running one uses the newest client (the cashier's, once signed in).
  const latestSyncOnce = useRef(syncOnce);
  latestSyncOnce.current = syncOnce;

  const syncNow = useCallback(async () => {
    if (syncing.current) {
      syncAgain.current = true;
      return syncing.current;
    }
    const run = (async () => {
      do {
        syncAgain.current = false;
        await latestSyncOnce.current();
      } while (syncAgain.current);
    })();
    syncing.current = run;
    try {
      await run;
    } finally {
      syncing.current = null;
    }
  }, []);

  // Catalog: at once when the server is reachable, then every minute.
  useEffect(() => {
    if (!online || !db || !device) return;
    // `client` too: after sign-in the cashier's session can also read the sales settings.
    void client;
    void syncNow();
    const timer = setInterval(() => void syncNow(), CATALOG_SYNC_MS);
    return () => clearInterval(timer);
  }, [online, db, device, client, syncNow]);

  // The receipt profile, so the register can print by itself once the network goes.
  useReceiptProfileRefresh({
    online,
    registerId: device?.registerId ?? null,
    client: client ?? deviceClient,
  });

  // Back online: the outbox goes first.
  useEffect(() => {
    if (online) void replayer?.kick();
  }, [online, replayer]);

  const bridge = useMemo(
    () =>
      bridgePairing
        ? createBridgeClient({ url: bridgePairing.url, token: bridgePairing.token })
        : null,
    [bridgePairing],
  );

  const refreshBridge = useCallback(async () => {
    if (!bridge) {
      setBridgeStatus({ kind: 'unpaired' });
      return;
    }
    try {
      setBridgeStatus({ kind: 'ready', status: await bridge.status() });
    } catch (error) {
      setBridgeStatus({ kind: 'unreachable', message: messageOf(error) });
    }
  }, [bridge]);

  // Printer status: pushed over the bridge's WebSocket, with a slow poll as a safety net.
  useEffect(() => {
    if (!bridge) {
      setBridgeStatus({ kind: 'unpaired' });
      return;
    }
    setBridgeStatus({ kind: 'checking' });
    void refreshBridge();
    const timer = setInterval(() => void refreshBridge(), BRIDGE_POLL_MS);
    let close: (() => void) | null = null;
    try {
      close = bridge.events((event) => {
        if (event.type === 'status') setBridgeStatus({ kind: 'ready', status: event.status });
        else if (event.type === 'printer')
          setBridgeStatus((previous) =>
            previous.kind === 'ready'
              ? {
                  kind: 'ready',
                  status: {
                    ...previous.status,
                    printers: previous.status.printers.map((printer) =>
                      printer.name === event.printer.name ? event.printer : printer,
                    ),
                  },
                }
              : previous,
          );
      });
    } catch {
      // No WebSocket (blocked by the browser): the poll is enough.
    }
    return () => {
      clearInterval(timer);
      close?.();
    };
  }, [bridge, refreshBridge]);

  const refreshOutbox = useCallback(async () => {
    if (replayer) setOutbox(await replayer.stats());
  }, [replayer]);

  const state: RegisterState = {
    device,
    cashier,
    online,
    connectivity,
    db,
    dbError,
    outbox,
    replayer,
    saleContext,
    salesSettings,
    catalog,
    preferences,
    bridgePairing,
    bridge,
    bridgeState,
    deviceClient,
    client,
    setDevice(next) {
      if (next) saveDevice(next);
      else {
        clearDevice();
        // Another business may pair this browser next: no staff PIN verifier stays behind.
        clearCredentials();
      }
      setDeviceState(next);
    },
    setCashier(next) {
      if (next) saveCashier(next);
      else clearCashier();
      setCashierState(next);
    },
    setPreferences(next) {
      savePreferences(next);
      setPreferencesState(next);
    },
    setBridgePairing(next) {
      if (next) saveBridge(next);
      else clearBridge();
      setBridgeState(next);
    },
    syncNow,
    refreshBridge,
    refreshOutbox,
  };

  return <RegisterContext value={state}>{children}</RegisterContext>;
}
