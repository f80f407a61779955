import { ok, type TillpointClient } from '@tillpoint/api-client';
import { createRegisterClient } from './api.ts';

// A manager reads something the cashier may not (the Z report) without taking over the till:
// a PIN session for that one read, ended right after.

export async function withManagerSession<T>(
  deviceClient: TillpointClient,
  manager: { readonly userId: string; readonly pin: string },
  read: (client: TillpointClient) => Promise<T>,
): Promise<T> {
  const session = await ok(
    deviceClient.api.POST('/api/v1/device/sessions', {
      body: { userId: manager.userId, pin: manager.pin },
    }),
  );
  const client = createRegisterClient(session.token, null);
  try {
    return await read(client);
  } finally {
    await client.api.POST('/api/v1/device/sessions/current/end').catch(() => undefined);
  }
}
