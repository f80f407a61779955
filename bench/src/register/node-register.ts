// A second register of the seeded store, paired and signed in from Node: the baselines' client.
// Pairing the browser's own register again would revoke the browser's device token, so the
// baselines use their own till in the same store (same catalog, same prices, same tax).
import { createTillpointClient, ok, type TillpointClient } from '@tillpoint/api-client';
import type { StackInfo } from '../../../e2e/stack/stack-file.ts';

export interface NodeRegister {
  readonly registerId: string;
  /** Device token: what the register's catalog sync authenticates with. */
  readonly deviceToken: string;
  /**
   * The seeded cashier's PIN session on this device: what a signed-in register syncs and sells
   * with (sales settings are not readable with the bare device token).
   */
  readonly sessionToken: string;
  /** Signed in as the owner (cookie session): reads sales back as the back office would. */
  readonly owner: TillpointClient;
  /** The cashier's client on this till. */
  readonly till: TillpointClient;
}

export async function ownerClient(stack: StackInfo): Promise<TillpointClient> {
  const owner = createTillpointClient({ baseUrl: stack.platformUrl, cookies: 'jar' });
  await owner.signIn(stack.owner.email, stack.owner.password);
  return owner;
}

export async function createNodeRegister(stack: StackInfo, name: string): Promise<NodeRegister> {
  const owner = await ownerClient(stack);
  const register = await ok(
    owner.api.POST('/api/v1/stores/{id}/registers', {
      params: { path: { id: stack.storeId } },
      body: { name },
    }),
  );
  const code = await ok(
    owner.api.POST('/api/v1/registers/{id}/pairing-codes', {
      params: { path: { id: register.id } },
    }),
  );
  const device = createTillpointClient({ baseUrl: stack.platformUrl });
  const paired = await ok(device.api.POST('/api/v1/devices/pair', { body: { code: code.code } }));
  device.setToken(paired.deviceToken);
  const session = await ok(
    device.api.POST('/api/v1/device/sessions', {
      body: { userId: stack.cashier.id, pin: stack.cashier.pin },
    }),
  );
  const till = createTillpointClient({ baseUrl: stack.platformUrl, token: session.token });
  // Cash is only taken into an open drawer online (cash_session.not_open otherwise).
  await ok(
    till.api.POST('/api/v1/registers/{registerId}/cash-sessions', {
      params: { path: { registerId: register.id } },
      body: { counts: { '2000': 5, '500': 10, '100': 20 } },
    }),
  );
  return {
    registerId: register.id,
    deviceToken: paired.deviceToken,
    sessionToken: session.token,
    owner,
    till,
  };
}
