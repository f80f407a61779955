import { ok } from '@tillpoint/api-client';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useRegister } from '../ui/register-context.ts';
import { createLiveStock, type LiveStock, type StockSnapshot } from './live-stock.ts';

const EMPTY: StockSnapshot = new Map();

function graphqlUrl(): string {
  const origin = globalThis.location?.origin ?? 'http://127.0.0.1';
  return `${origin.replace(/^http/, 'ws')}/graphql`;
}

/**
 * Live stock of the given variants in the register's store, for the signed-in cashier. The feed
 * lives as long as the screen that asks and the cashier's session.
 */
export function useLiveStock(variantIds: readonly string[]): StockSnapshot {
  const { cashier, device, client, db, online } = useRegister();
  const [feed, setFeed] = useState<LiveStock | null>(null);
  const token = cashier?.token ?? null;
  const storeId = device?.storeId ?? null;

  useEffect(() => {
    if (!token || !storeId || !client) return;
    const created = createLiveStock({
      url: graphqlUrl(),
      token,
      storeId,
      readLevel: async (variantId) => {
        const levels = await ok(
          client.api.GET('/api/v1/variants/{id}/stock', { params: { path: { id: variantId } } }),
        );
        return levels.find((level) => level.storeId === storeId)?.onHand ?? 0;
      },
      trackStockOf: async (variantId) =>
        db ? ((await db.get('variants', variantId))?.trackStock ?? null) : null,
    });
    setFeed(created);
    return () => {
      created.close();
      setFeed(null);
    };
  }, [token, storeId, client, db]);

  useEffect(() => {
    feed?.setOnline(online);
  }, [feed, online]);

  // One key per distinct set, so a re-render with the same items does not re-read anything.
  const key = useMemo(() => [...new Set(variantIds)].sort().join(','), [variantIds]);
  useEffect(() => {
    feed?.show(key === '' ? [] : key.split(','));
  }, [feed, key]);

  return useSyncExternalStore(
    (listener) => feed?.onChange(listener) ?? (() => {}),
    () => feed?.snapshot() ?? EMPTY,
    () => EMPTY,
  );
}
