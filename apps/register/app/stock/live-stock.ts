import { type Client, createClient } from 'graphql-ws';

// Stock levels of the items on the register's screen, kept current by the platform's
// `stockChanged` subscription (graphql-transport-ws on /graphql). A sale on another till, a
// delivery or a count shows here as it commits. A level enters with a REST read when its item
// appears (the subscription only tells what changes from now on) and is read again after every
// reconnect, because changes made while the socket was down were never sent.

export interface StockEntry {
  /** Units on hand in this store (kilograms for a weighed item), as the server keeps them. */
  readonly onHand: number;
  /** False for items the store does not count (services, gift wrap): never "sold out". */
  readonly trackStock: boolean;
  /** The socket is down: this is the last value heard, and the shelf may have changed since. */
  readonly stale: boolean;
}

export type StockSnapshot = ReadonlyMap<string, StockEntry>;

export interface LiveStockOptions {
  /** ws:// or wss:// address of the platform's /graphql. */
  readonly url: string;
  /** The cashier's PIN-session token: it fixes the tenant and the store the socket may hear. */
  readonly token: string;
  readonly storeId: string;
  /** This store's onHand for the variant now (0 when the store never had any). */
  readonly readLevel: (variantId: string) => Promise<number>;
  /** Whether the store counts this variant; null when the register does not know the item. */
  readonly trackStockOf: (variantId: string) => Promise<boolean | null>;
  /** Milliseconds before reconnect attempt `attempt` (0-based); default: backoff to 30 s. */
  readonly retryDelay?: (attempt: number) => number;
  /** Ping interval, and how long a pong may take before the link counts as dead. */
  readonly keepAliveMs?: number;
  readonly pongWaitMs?: number;
  readonly webSocketImpl?: unknown;
}

export interface LiveStock {
  /** The variants on screen now; the others are forgotten, the new ones are read. */
  show(variantIds: Iterable<string>): void;
  snapshot(): StockSnapshot;
  /** True while the socket is acknowledged by the server. */
  live(): boolean;
  /**
   * The register's own connectivity signal. A socket can outlive the network that carried it
   * (nothing arrives, nothing fails), so offline means stale whatever the socket says, and
   * coming back means reading the shown levels again.
   */
  setOnline(online: boolean): void;
  onChange(listener: () => void): () => void;
  close(): void;
}

const STOCK_CHANGED = `subscription StockChanged($storeId: ID!) {
  stockChanged(storeId: $storeId) { storeId variantId onHand }
}`;

interface StockChanged {
  readonly storeId: string;
  readonly variantId: string;
  readonly onHand: number;
}

/** Exponential backoff from 0.5 s to 30 s with jitter, so a restarted server is not stampeded. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function isStockChanged(value: unknown): value is StockChanged {
  if (typeof value !== 'object' || value === null) return false;
  const level = value as Record<string, unknown>;
  return (
    typeof level.storeId === 'string' &&
    typeof level.variantId === 'string' &&
    typeof level.onHand === 'number'
  );
}

// The server attaches the subscription just after acknowledging the connection.
const SETTLE_MS = 200;

const KEEP_ALIVE_MS = 10_000;
const PONG_WAIT_MS = 5_000;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createLiveStock(options: LiveStockOptions): LiveStock {
  const retryDelay = options.retryDelay ?? ((attempt: number) => backoffDelay(attempt));
  let entries = new Map<string, StockEntry>();
  let shown = new Set<string>();
  const listeners = new Set<() => void>();
  // Bumped by every live event for a variant: a REST read that started before it is older news.
  const heard = new Map<string, number>();
  let connected = false;
  let online = true;
  let closed = false;
  const isStale = () => !connected || !online;

  const emit = () => {
    for (const listener of listeners) listener();
  };

  const put = (variantId: string, entry: StockEntry) => {
    if (!shown.has(variantId)) return;
    const next = new Map(entries);
    next.set(variantId, entry);
    entries = next;
    emit();
  };

  async function read(variantId: string): Promise<void> {
    const before = heard.get(variantId) ?? 0;
    try {
      const [onHand, trackStock] = await Promise.all([
        options.readLevel(variantId),
        options.trackStockOf(variantId),
      ]);
      if (closed || (heard.get(variantId) ?? 0) !== before) return;
      put(variantId, { onHand, trackStock: trackStock ?? false, stale: isStale() });
    } catch {
      // Offline or refused: the last known value (if any) stays, marked stale by the socket state.
    }
  }

  const markAll = () => {
    const stale = isStale();
    let changed = false;
    const next = new Map<string, StockEntry>();
    for (const [id, entry] of entries) {
      changed ||= entry.stale !== stale;
      next.set(id, entry.stale === stale ? entry : { ...entry, stale });
    }
    if (!changed) return;
    entries = next;
    emit();
  };

  let attempt = 0;
  let pongWait: ReturnType<typeof setTimeout> | undefined;
  const client: Client = createClient({
    url: options.url,
    connectionParams: { authorization: `Bearer ${options.token}` },
    lazy: false,
    keepAlive: options.keepAliveMs ?? KEEP_ALIVE_MS,
    retryAttempts: Number.POSITIVE_INFINITY,
    // The socket library retries dropped connections; every failed try waits a little longer.
    retryWait: async (retries) => wait(retryDelay(retries)),
    shouldRetry: () => !closed,
    // A refused or dropped connection is retried by the subscription loop below; the library's
    // default would print each refusal to the console.
    onNonLazyError: () => {},
    ...(options.webSocketImpl === undefined ? {} : { webSocketImpl: options.webSocketImpl }),
    on: {
      connected: () => {
        connected = true;
        attempt = 0;
        // Whatever changed while the socket was down was never sent: read the shown levels again,
        // a moment after the ack so the subscription is attached before the read.
        setTimeout(() => {
          for (const id of shown) void read(id);
        }, SETTLE_MS);
      },
      closed: () => {
        connected = false;
        clearTimeout(pongWait);
        markAll();
      },
      // graphql-ws pings but never gives up on a silent peer: a pong that does not come in time
      // means a dead link (Wi-Fi gone without a FIN), so the socket is dropped and retried.
      ping: (received) => {
        if (received) return;
        clearTimeout(pongWait);
        pongWait = setTimeout(() => client.terminate(), options.pongWaitMs ?? PONG_WAIT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongWait);
      },
    },
  });

  const onLevel = (level: StockChanged) => {
    if (level.storeId !== options.storeId || !shown.has(level.variantId)) return;
    heard.set(level.variantId, (heard.get(level.variantId) ?? 0) + 1);
    const known = entries.get(level.variantId);
    if (known) {
      put(level.variantId, { ...known, onHand: level.onHand, stale: isStale() });
      return;
    }
    // Heard before its first read finished: keep the level, the read supplies trackStock.
    void options
      .trackStockOf(level.variantId)
      .then((trackStock) =>
        put(level.variantId, {
          onHand: level.onHand,
          trackStock: trackStock ?? false,
          stale: isStale(),
        }),
      )
      .catch(() => {});
  };

  // The subscription ends only when the server refuses it (or retries gave up): it is asked
  // for again after a backoff, until the register closes the feed.
  let unsubscribe: () => void = () => {};
  const subscribe = () => {
    if (closed) return;
    let ended = false;
    const again = () => {
      if (ended || closed) return;
      ended = true;
      markAll();
      const delay = retryDelay(attempt);
      attempt += 1;
      setTimeout(subscribe, delay);
    };
    unsubscribe = client.subscribe<{ stockChanged: unknown }>(
      { query: STOCK_CHANGED, variables: { storeId: options.storeId } },
      {
        next: (result) => {
          const level = result.data?.stockChanged;
          if (isStockChanged(level)) onLevel(level);
        },
        error: again,
        complete: again,
      },
    );
  };
  subscribe();

  return {
    show(variantIds) {
      const next = new Set(variantIds);
      const added = [...next].filter((id) => !shown.has(id));
      const removed = [...shown].some((id) => !next.has(id));
      shown = next;
      if (removed) {
        entries = new Map([...entries].filter(([id]) => next.has(id)));
        for (const id of heard.keys()) if (!next.has(id)) heard.delete(id);
        emit();
      }
      for (const id of added) void read(id);
    },
    snapshot: () => entries,
    live: () => connected,
    setOnline(next) {
      if (next === online) return;
      online = next;
      // Back online, a level is fresh only once read again (or heard on the socket).
      if (!online) markAll();
      else if (connected) for (const id of shown) void read(id);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(pongWait);
      unsubscribe();
      // dispose() waits for a connection still being opened and rejects with its failure (a
      // signed-out token is refused at that moment); the feed is gone, so that is nobody's news.
      void Promise.resolve(client.dispose()).catch(() => {});
      listeners.clear();
    },
  };
}
