import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createTillpointClient, ok, TillpointApiError } from '@tillpoint/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi-document.ts';
import { createTestApp, TEST_PASSWORD, type TestApp, uniqueEmail } from './testing/index.ts';

let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(() => t.close());

describe('@tillpoint/api-client', () => {
  it('is generated from the current API (run `npm run api:generate` after changing routes)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../../packages/api-client/openapi.json', import.meta.url), 'utf8'),
    );
    expect(await openApiDocument()).toEqual(committed);
  });

  it('signs up, signs in over real HTTP, and makes CSRF-protected calls with the cookie session', async () => {
    const client = createTillpointClient({ baseUrl });
    const email = uniqueEmail('client');
    const signup = await ok(
      client.api.POST('/api/v1/signup', {
        body: {
          businessName: 'Typed Client Trading',
          ownerName: 'Terry Types',
          email,
          password: TEST_PASSWORD,
          country: 'GB',
          currency: 'GBP',
          timezone: 'Europe/London',
        },
      }),
    );
    const session = await client.signIn(email, TEST_PASSWORD);
    expect(session).toEqual({ userId: signup.userId, tenantId: signup.tenantId });
    const me = await ok(client.api.GET('/api/v1/me'));
    expect(me.user?.email).toBe(email);
    const store = await ok(
      client.api.POST('/api/v1/stores', { body: { name: 'Camden', timezone: 'Europe/London' } }),
    );
    expect(store.currency).toBe('GBP');
    await client.signOut();
    await expect(ok(client.api.GET('/api/v1/me'))).rejects.toMatchObject({
      code: 'auth.unauthenticated',
      status: 401,
    });
  });

  it('turns API errors into TillpointApiError with the stable code', async () => {
    const client = createTillpointClient({ baseUrl });
    const error = await client
      .signIn(uniqueEmail('nobody'), 'not-the-password-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TillpointApiError);
    expect(error).toMatchObject({ code: 'auth.invalid_credentials', status: 401 });
    const bearer = createTillpointClient({ baseUrl, token: 'tpk_not-a-real-token' });
    await expect(
      ok(bearer.api.GET('/api/v1/stores', { params: { query: {} } })),
    ).rejects.toMatchObject({
      code: 'auth.invalid_token',
    });
  });
});
