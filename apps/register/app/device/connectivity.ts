// Is the platform reachable? navigator.onLine only knows about the local link, so a request
// that fails to reach the server also counts as offline, until GET /health/live answers again.

export type Listener = () => void;

export interface Connectivity {
  online(): boolean;
  subscribe(listener: Listener): () => void;
  /** A request got no HTTP answer at all. */
  reportFailure(): void;
  /** A request got an HTTP answer (any status): the server is there. */
  reportSuccess(): void;
  /** Asks the server now; resolves with the new state. */
  probe(): Promise<boolean>;
  start(): void;
  stop(): void;
}

export interface ConnectivityOptions {
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  /** How often to re-probe while offline. */
  readonly offlineProbeMs?: number;
  readonly onlineProbeMs?: number;
}

export function createConnectivity(options: ConnectivityOptions): Connectivity {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const listeners = new Set<Listener>();
  let reachable = typeof navigator === 'undefined' ? true : navigator.onLine;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;

  const set = (next: boolean) => {
    if (next === reachable) return;
    reachable = next;
    for (const listener of listeners) listener();
    if (running) schedule();
  };

  async function probe(): Promise<boolean> {
    try {
      const response = await fetchImpl(`${options.baseUrl}/health/live`, {
        cache: 'no-store',
        signal: AbortSignal.timeout(4000),
      });
      set(response.ok);
    } catch {
      set(false);
    }
    return reachable;
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    const delay = reachable ? (options.onlineProbeMs ?? 30_000) : (options.offlineProbeMs ?? 5000);
    timer = setTimeout(() => {
      void probe().finally(() => {
        if (running) schedule();
      });
    }, delay);
  }

  const onOnline = () => void probe();
  const onOffline = () => set(false);

  return {
    online: () => reachable,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportFailure: () => set(false),
    reportSuccess: () => set(true),
    probe,
    start() {
      if (running) return;
      running = true;
      globalThis.addEventListener?.('online', onOnline);
      globalThis.addEventListener?.('offline', onOffline);
      void probe();
      schedule();
    },
    stop() {
      running = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      globalThis.removeEventListener?.('online', onOnline);
      globalThis.removeEventListener?.('offline', onOffline);
    },
  };
}
