import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import {
  type FakePrinter,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
} from '@tillpoint/bridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BridgeError,
  type BridgeEvent,
  bytesToBase64,
  createBridgeClient,
  normalizeBridgeUrl,
} from './bridge-client.ts';

// The register's bridge client against the real bridge (apps/bridge) and a fake network printer.

let printer: FakePrinter;
let bridge: TestBridge;
const registerId = randomUUID();
let token: string;

beforeAll(async () => {
  printer = await startFakePrinter();
  bridge = await startTestBridge({ printers: [printerEntry(printer)], registerId, pair: false });
  const code = bridge.bridge.pairingCode();
  if (!code) throw new Error('the bridge offers no pairing code');
  token = await createBridgeClient({ url: bridge.url }).pair({
    code,
    registerId,
    registerName: 'Front till',
  });
});

afterAll(async () => {
  await bridge?.close();
  await printer?.close();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the register bridge client', () => {
  it('pairs with the code the bridge shows and then reads the status with its token', async () => {
    expect(token).toMatch(/\S{16,}/);
    const status = await createBridgeClient({ url: bridge.url, token }).status();
    expect(status.paired).toMatchObject({ registerId, registerName: 'Front till' });
    expect(status.printers.map((p) => p.name)).toContain('receipt');
  });

  it('prints a job once, however often the same job id is sent', async () => {
    const client = createBridgeClient({ url: bridge.url, token });
    const jobId = randomUUID();
    const bytes = new TextEncoder().encode('RECEIPT 0001\n\n\n');
    const before = printer.received().length;
    const first = await client.print({ jobId, registerId, bytes });
    const again = await client.print({ jobId, registerId, bytes });
    expect(first.jobId).toBe(jobId);
    expect(again.jobId).toBe(jobId);
    const jobs = await printer.waitForJobs(before + 1);
    expect(jobs.at(-1)).toEqual(bytes);
    const done = await client.job(jobId);
    expect(done.status).toBe('printed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printer.received()).toHaveLength(before + 1);
  });

  it('opens the drawer with a drawer kick', async () => {
    const client = createBridgeClient({ url: bridge.url, token });
    const before = printer.received().length;
    const job = await client.openDrawer({ jobId: randomUUID(), registerId });
    expect(job.kind).toBe('drawer');
    const jobs = await printer.waitForJobs(before + 1);
    // ESC p: the pulse command every drawer port understands.
    expect([...(jobs.at(-1) ?? [])].slice(0, 2)).toEqual([0x1b, 0x70]);
  });

  it('says why when the token is missing or the register is not the paired one', async () => {
    const anonymous = createBridgeClient({ url: bridge.url });
    await expect(anonymous.status()).rejects.toMatchObject({
      status: 401,
      code: 'auth.unauthenticated',
    });
    const client = createBridgeClient({ url: bridge.url, token });
    const refused = client.print({
      jobId: randomUUID(),
      registerId: randomUUID(),
      bytes: new Uint8Array([1]),
    });
    await expect(refused).rejects.toBeInstanceOf(BridgeError);
    await expect(refused).rejects.toMatchObject({ status: 403, code: 'register.forbidden' });
  });

  it('refuses to pair twice (pairing is closed once paired)', async () => {
    const again = createBridgeClient({ url: bridge.url }).pair({
      code: '000000',
      registerId,
      registerName: 'x',
    });
    await expect(again).rejects.toMatchObject({ status: 403, code: 'pairing.closed' });
  });

  it('reports an unreachable bridge as such, with status 0', async () => {
    const port = await closedPort();
    const client = createBridgeClient({ url: `http://127.0.0.1:${port}`, token, timeoutMs: 1000 });
    await expect(client.status()).rejects.toMatchObject({ status: 0, code: 'bridge.unreachable' });
  });

  it('pushes the status over the events socket after the token message', async () => {
    const client = createBridgeClient({ url: bridge.url, token });
    const event = await new Promise<BridgeEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no event')), 3000);
      const close = client.events((received) => {
        clearTimeout(timer);
        close();
        resolve(received);
      });
    });
    expect(event.type).toBe('status');
  });

  it('encodes job bytes as padded standard base64 and normalizes the address', () => {
    expect(bytesToBase64(new Uint8Array([0x1b, 0x40, 0xff]))).toBe(
      Buffer.from([0x1b, 0x40, 0xff]).toString('base64'),
    );
    const large = new Uint8Array(100_000).map((_, index) => index % 251);
    expect(bytesToBase64(large)).toBe(Buffer.from(large).toString('base64'));
    expect(normalizeBridgeUrl(' http://127.0.0.1:8484/ ')).toBe('http://127.0.0.1:8484');
    expect(() => normalizeBridgeUrl('ftp://printer')).toThrow(BridgeError);
  });
});
