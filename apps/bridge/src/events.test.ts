import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { BridgeEvent } from './events.ts';
import { UNAUTHORIZED_CLOSE_CODE } from './http/event-socket.ts';
import {
  bridgeClient,
  type FakePrinter,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
  waitUntil,
} from './testing/index.ts';

const REGISTER_ORIGIN = 'https://register.example.test';

let fake: FakePrinter;
let test: TestBridge;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  fake = await startFakePrinter();
  test = await startTestBridge({
    printers: [printerEntry(fake)],
    allowedOrigins: [REGISTER_ORIGIN],
  });
});

afterAll(async () => {
  for (const socket of sockets) {
    if (socket.readyState === WebSocket.OPEN) socket.terminate();
  }
  await test.close();
  await fake.close();
});

type Message = BridgeEvent | { type: 'status'; status: unknown };

/** Opens /events and collects every message it receives. */
function openEvents(query: string, headers: Record<string, string> = { origin: REGISTER_ORIGIN }) {
  const socket = new WebSocket(`${test.url.replace('http', 'ws')}/events${query}`, { headers });
  sockets.push(socket);
  const messages: Message[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  // A refused upgrade also fails `opened`; the tests that expect it await `refused` instead.
  socket.on('error', () => {});
  opened.catch(() => {});
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const refused = new Promise<number>((resolve) =>
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
  );
  return { socket, messages, opened, closed, refused };
}

describe('WebSocket /events', () => {
  it('sends the status, then job and printer changes, with the token in the query', async () => {
    const events = openEvents(`?token=${test.token}`);
    await events.opened;
    await waitUntil(() => (events.messages[0]?.type === 'status' ? true : undefined), 'status');

    const client = bridgeClient(test.url, test.token ?? '');
    const jobId = randomUUID();
    const bytes = new Uint8Array(Buffer.from('\x1b@Sale\n', 'latin1'));
    await client.print({ jobId, registerId: test.registerId, bytes });
    await waitUntil(
      () =>
        events.messages.find(
          (m) => m.type === 'job' && m.job.jobId === jobId && m.job.status === 'printed',
        ),
      'a job printed event',
    );
    const statuses = events.messages
      .filter((m): m is Extract<BridgeEvent, { type: 'job' }> => m.type === 'job')
      .map((m) => m.job.status);
    expect(statuses).toEqual(['queued', 'printing', 'printed']);

    // The printer goes off while a job waits: the register hears it.
    await fake.stop();
    await client.print({ jobId: randomUUID(), registerId: test.registerId, bytes });
    const offline = await waitUntil(
      () => events.messages.find((m) => m.type === 'printer' && m.printer.state === 'offline'),
      'a printer offline event',
    );
    expect(offline).toMatchObject({
      printer: { name: 'receipt', lastError: expect.stringMatching(/refused/) },
    });
    await fake.start();
    await waitUntil(
      () =>
        events.messages.find(
          (m, index) =>
            m.type === 'printer' &&
            m.printer.state === 'ready' &&
            index > events.messages.indexOf(offline),
        ),
      'a printer ready event',
    );
  });

  it('accepts the token as the first message (browsers cannot set headers)', async () => {
    const events = openEvents('');
    await events.opened;
    events.socket.send(JSON.stringify({ type: 'auth', token: test.token }));
    await waitUntil(() => (events.messages[0]?.type === 'status' ? true : undefined), 'status');
  });

  it('closes a connection whose first message has a wrong token', async () => {
    const events = openEvents('');
    await events.opened;
    events.socket.send(JSON.stringify({ type: 'auth', token: 'wrong' }));
    expect(await events.closed).toBe(UNAUTHORIZED_CLOSE_CODE);
    expect(events.messages).toEqual([]);
  });

  it('refuses a wrong token in the query and an origin that is not configured', async () => {
    expect(await openEvents('?token=wrong').refused).toBe(401);
    expect(
      await openEvents(`?token=${test.token}`, { origin: 'https://evil.example' }).refused,
    ).toBe(403);
  });
});
