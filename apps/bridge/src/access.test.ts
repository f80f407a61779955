import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge } from './bridge.ts';
import { ConfigError } from './config.ts';
import {
  bridgeClient,
  type FakePrinter,
  makeDataDir,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
} from './testing/index.ts';

const REGISTER_ORIGIN = 'https://register.example.test';
const receiptBytes = new Uint8Array(Buffer.from('\x1b@Receipt\n', 'latin1'));

let fake: FakePrinter;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  fake = await startFakePrinter();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await fake.close();
});

async function bridgeFor(options: Partial<Parameters<typeof startTestBridge>[0]> = {}) {
  const test = await startTestBridge({ printers: [printerEntry(fake)], ...options });
  cleanups.push(() => test.close());
  return test;
}

async function temporaryDataDir(): Promise<string> {
  const dataDir = await makeDataDir();
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(`${url}/status`, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('pairing', () => {
  let test: TestBridge;
  beforeAll(async () => {
    test = await bridgeFor({ pair: false, pairingPolicy: { cooldownMs: 300 } });
  });

  it('shows the pairing code on the status page while unpaired', async () => {
    const code = test.bridge.pairingCode();
    expect(code).toMatch(/^\d{8}$/);
    const page = await bridgeClient(test.url).get<string>('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain(code);
  });

  it('refuses wrong codes with 401, then pauses pairing after five, then pairs', async () => {
    const client = bridgeClient(test.url);
    const code = test.bridge.pairingCode() ?? '';
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const attempt = (candidate: string) =>
      client.post('/pair', {
        code: candidate,
        registerId: test.registerId,
        registerName: 'Till 1',
      });
    for (let tries = 0; tries < 5; tries += 1) {
      const reply = await attempt(wrong);
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ code: 'pairing.invalid_code' });
    }
    // Paused: even the right code waits for the cool-down.
    const paused = await attempt(code);
    expect(paused.status).toBe(429);
    expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, 350));
    const paired = await attempt(code);
    expect(paired.status).toBe(200);
    expect(paired.body.bridgeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The code is spent and pairing is closed until the bridge is started with --pair.
    expect(test.bridge.pairingCode()).toBeNull();
    const again = await attempt(code);
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ code: 'pairing.closed' });
    const page = await client.get<string>('/');
    expect(page.body).not.toContain(code);
    expect(page.body).toContain('Till 1');
  });
});

describe('the bridge token', () => {
  it('is required on every call after pairing', async () => {
    const test = await bridgeFor();
    expect((await bridgeClient(test.url).get('/status')).status).toBe(401);
    const wrong = await bridgeClient(test.url, 'a'.repeat(43)).get('/status');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'auth.unauthenticated' });
    const noToken = await bridgeClient(test.url).print({
      jobId: randomUUID(),
      registerId: test.registerId,
      bytes: receiptBytes,
    });
    expect(noToken.status).toBe(401);
    const status = await bridgeClient(test.url, test.token ?? '').get('/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      paired: { registerId: test.registerId },
      pairingOpen: false,
      printers: [{ name: 'receipt', port: fake.port }],
    });
  });

  it('is replaced by pairing again with --pair', async () => {
    const dataDir = await temporaryDataDir();
    const first = await startTestBridge({ printers: [printerEntry(fake)], dataDir });
    await first.bridge.close();
    const bridge = await startBridge({
      config: { port: 0, dataDir, allowedOrigins: [], printers: [printerEntry(fake)] },
      pair: true,
    });
    cleanups.push(() => bridge.close());
    const client = bridgeClient(bridge.url);
    // Until the new pairing happens the old register keeps working.
    expect((await bridgeClient(bridge.url, first.token ?? '').get('/status')).status).toBe(200);
    const newRegister = randomUUID();
    const paired = await client.post<{ bridgeToken: string }>('/pair', {
      code: bridge.pairingCode(),
      registerId: newRegister,
      registerName: 'Till 2',
    });
    expect(paired.status).toBe(200);
    expect((await bridgeClient(bridge.url, first.token ?? '').get('/status')).status).toBe(401);
    const status = await bridgeClient(bridge.url, paired.body.bridgeToken).get('/status');
    expect(status.body).toMatchObject({ paired: { registerId: newRegister } });
  });
});

describe('registers and origins', () => {
  it("refuses another register's job with 403 and queues nothing", async () => {
    const test = await bridgeFor();
    const client = bridgeClient(test.url, test.token ?? '');
    const jobId = randomUUID();
    const reply = await client.print({ jobId, registerId: randomUUID(), bytes: receiptBytes });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'register.forbidden' });
    expect((await client.get(`/jobs/${jobId}`)).status).toBe(404);
    const drawer = await client.post('/drawer', { jobId, registerId: 'someone-else' });
    expect(drawer.status).toBe(403);
  });

  it('refuses a web page from an origin that is not configured, without CORS headers', async () => {
    const test = await bridgeFor();
    const client = bridgeClient(test.url, test.token ?? '');
    const evil = { origin: 'https://evil.example' };
    const reply = await client.get('/status', evil);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'origin.forbidden' });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${test.url}/print`, {
      method: 'OPTIONS',
      headers: { ...evil, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // The status page (and its pairing code) is not readable from another site either.
    expect((await bridgeClient(test.url).get('/', evil)).status).toBe(403);
  });

  it('gives the configured register origin CORS and Private Network Access headers', async () => {
    const test = await bridgeFor({ allowedOrigins: [REGISTER_ORIGIN] });
    const preflight = await fetch(`${test.url}/print`, {
      method: 'OPTIONS',
      headers: {
        origin: REGISTER_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
        'access-control-request-private-network': 'true',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(REGISTER_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true');

    const client = bridgeClient(test.url, test.token ?? '');
    const reply = await client.print(
      { jobId: randomUUID(), registerId: test.registerId, bytes: receiptBytes },
      { origin: REGISTER_ORIGIN },
    );
    expect(reply.status).toBe(202);
    expect(reply.headers.get('access-control-allow-origin')).toBe(REGISTER_ORIGIN);
    expect(reply.headers.get('vary')).toContain('Origin');
  });

  it('answers only requests addressed to 127.0.0.1 or localhost (no DNS rebinding)', async () => {
    const test = await bridgeFor();
    const authorization = `Bearer ${test.token}`;
    const port = test.bridge.port;
    expect((await rawGet(test.url, { host: `127.0.0.1:${port}`, authorization })).status).toBe(200);
    expect((await rawGet(test.url, { host: `localhost:${port}`, authorization })).status).toBe(200);
    const rebound = await rawGet(test.url, { host: `attacker.example:${port}`, authorization });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('request.wrong_host');
  });
});

describe('listening', () => {
  it('refuses to start on any address but 127.0.0.1', async () => {
    const dataDir = await temporaryDataDir();
    const start = startBridge({
      config: {
        host: '0.0.0.0',
        port: 0,
        dataDir,
        allowedOrigins: [],
        printers: [printerEntry(fake)],
      },
    });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/host must be 127\.0\.0\.1/);
  });

  it('listens on the loopback address only', async () => {
    const test = await bridgeFor();
    expect(test.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const lanAddress = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    if (!lanAddress) return; // A machine without a network card has nothing else to listen on.
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: lanAddress, port: test.bridge.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it('refuses a second bridge on the same data folder', async () => {
    const test = await bridgeFor();
    await expect(
      startBridge({
        config: {
          port: 0,
          dataDir: test.dataDir,
          allowedOrigins: [],
          printers: [printerEntry(fake)],
        },
      }),
    ).rejects.toThrow(/already using/);
  });
});
