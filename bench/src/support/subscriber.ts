import { createClient } from 'graphql-ws';

export interface StockEvent {
  readonly onHand: number;
  readonly receivedAt: number;
}

/** One register's live-stock feed, recording when each event arrived (performance.now()). */
export async function openStockFeed(
  baseUrl: string,
  token: string,
  storeId: string,
  sink: (event: StockEvent) => void,
) {
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: globalThis.WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  await new Promise<void>((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      resolve();
    });
    client.on('error', reject);
  });
  client.subscribe<{ stockChanged: { onHand: number } }>(
    {
      query: 'subscription ($storeId: ID!) { stockChanged(storeId: $storeId) { onHand } }',
      variables: { storeId },
    },
    {
      next: (result) => {
        const onHand = result.data?.stockChanged.onHand;
        if (onHand !== undefined) sink({ onHand, receivedAt: performance.now() });
      },
      error: (error) => console.error('subscription error', error),
      complete: () => {},
    },
  );
  return { close: async () => void (await client.dispose()) };
}
