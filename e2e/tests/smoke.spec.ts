// The stack is whole: the platform serves the register build, the control API hands out
// register pairing codes, and the bridge reaches the receipt printer once a register pairs.
import { randomUUID } from 'node:crypto';
import type { BridgeStatus } from '@tillpoint/bridge';
import { bridgeClient, pairBridge } from '@tillpoint/bridge/testing';
import { expect, snap, test } from '../support/index.ts';

test.afterAll(async ({ control }) => {
  // This spec pairs the bridge from Node; the browser journeys need it offering a code again.
  const reopened = await control.reopenBridgePairing();
  expect(reopened.code).toMatch(/^\d{6,}$/);
});

test('the platform serves the register at /register/', async ({ page, stack }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const response = await page.goto('./');
  expect(response?.status()).toBe(200);
  expect(page.url()).toBe(stack.registerUrl);
  await expect(page).toHaveTitle('Tillpoint Register');
  // The app has started once its script ran and its requests settled.
  await page.waitForLoadState('networkidle');
  await snap(page, 'register-first-load');
  expect(pageErrors).toEqual([]);
});

test('the control API creates a pairing code for the register', async ({ control, stack }) => {
  const first = await control.pairingCode();
  expect(first.registerId).toBe(stack.registerId);
  expect(first.code).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)*$/);
  expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());
  // One-time codes: asking again gives another one.
  const second = await control.pairingCode();
  expect(second.code).not.toBe(first.code);
});

test('after pairing, the bridge reports the printer ready and prints to it', async ({
  control,
  stack,
}) => {
  const offered = await control.bridgePairingCode();
  expect(offered.code).toMatch(/^\d{6,}$/);
  const code = offered.code;
  const token = await pairBridge(
    { url: stack.bridge.url, pairingCode: () => code },
    stack.registerId,
    stack.registerName,
  );
  expect((await control.bridgePairingCode()).code).toBeNull();

  // Without the token the bridge answers nobody.
  expect((await bridgeClient(stack.bridge.url).get('/status')).status).toBe(401);
  const bridge = bridgeClient(stack.bridge.url, token);
  const status = await bridge.get<BridgeStatus>('/status');
  expect(status.status).toBe(200);
  expect(status.body.paired?.registerId).toBe(stack.registerId);
  expect(status.body.printers).toEqual([
    expect.objectContaining({ name: stack.bridge.printerName, state: 'ready', lastError: null }),
  ]);

  const before = await control.printerJobs();
  const text = `SMOKE ${randomUUID().slice(0, 8).toUpperCase()}`;
  const bytes = Uint8Array.from([
    0x1b,
    0x40, // ESC @: initialise
    ...new TextEncoder().encode(`${text}\n`),
    0x1d,
    0x56,
    0x42,
    0x00, // GS V B 0: feed and cut
  ]);
  const printed = await bridge.print({ jobId: randomUUID(), registerId: stack.registerId, bytes });
  expect(printed.status, JSON.stringify(printed.body)).toBeLessThan(300);
  await expect
    .poll(async () => (await control.printerJobs()).count, { timeout: 10_000 })
    .toBe(before.count + 1);
  const jobs = await control.printerJobs();
  const last = jobs.jobs.at(-1);
  expect(last?.lines).toContain(text);
  expect(last?.cut).toBe(true);
});
