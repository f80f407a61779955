import { type Client, createClient } from 'graphql-ws';

export interface Subscription<T> {
  readonly received: T[];
  /** Resolves with the next event (or rejects after timeoutMs). */
  next(timeoutMs?: number): Promise<T>;
  /** Resolves once the server has accepted the connection and the subscription. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * A real GraphQL-over-WebSocket client (graphql-transport-ws, Node's own WebSocket), authenticating
 * like a register:
 * the bearer token travels in the connection_init payload.
 */
export function subscribe<T>(
  baseUrl: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Subscription<T> {
  const received: T[] = [];
  const waiters: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | null = null;
  let connected: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const client: Client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: globalThis.WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: {
      // The subscription is registered right after the ack; a short grace lets the server attach it.
      connected: () => setTimeout(connected, 150),
    },
  });
  const fail = (error: Error) => {
    failure = error;
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };
  client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) {
          fail(
            Object.assign(new Error(result.errors[0]?.message ?? 'subscription error'), {
              errors: result.errors,
            }),
          );
          return;
        }
        const value = result.data?.[field];
        if (value === undefined) return;
        const waiter = waiters.shift();
        if (waiter) waiter.resolve(value);
        else received.push(value);
      },
      error: (error) => fail(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => {},
    },
  );
  return {
    received,
    ready,
    next(timeoutMs = 5_000) {
      if (failure) return Promise.reject(failure);
      const queued = received.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise<T>((resolve, reject) => {
        const waiter = {
          resolve: (value: T) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    async close() {
      await client.dispose();
    },
  };
}
