import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bridgeClient,
  type FakePrinter,
  makeDataDir,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
  waitUntil,
} from './testing/index.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function printer(options?: Parameters<typeof startFakePrinter>[0]): Promise<FakePrinter> {
  const fake = await startFakePrinter(options);
  cleanups.push(() => fake.close());
  return fake;
}

async function bridgeFor(
  options: Parameters<typeof startTestBridge>[0],
): Promise<TestBridge & { client: ReturnType<typeof bridgeClient> }> {
  const test = await startTestBridge(options);
  cleanups.push(() => test.close());
  return { ...test, client: bridgeClient(test.url, test.token ?? undefined) };
}

async function temporaryDataDir(): Promise<string> {
  const dataDir = await makeDataDir();
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

function receipt(text: string): Uint8Array {
  // ESC @ (initialise), the text, GS V 0 (cut): the shape of a real ESC/POS job.
  return new Uint8Array(Buffer.from(`\x1b@${text}\n\n\x1dV\x00`, 'latin1'));
}

async function jobStatus(client: ReturnType<typeof bridgeClient>, jobId: string) {
  const reply = await client.get<{ status: string; attempts: number; lastError: string | null }>(
    `/jobs/${jobId}`,
  );
  expect(reply.status).toBe(200);
  return reply.body;
}

function waitForStatus(
  client: ReturnType<typeof bridgeClient>,
  jobId: string,
  status: string,
  minAttempts = 0,
) {
  return waitUntil(async () => {
    const job = await jobStatus(client, jobId);
    return job.status === status && job.attempts >= minAttempts ? job : undefined;
  }, `job ${jobId} to be ${status}`);
}

async function printerState(client: ReturnType<typeof bridgeClient>) {
  const reply = await client.get<{ printers: Array<{ state: string; lastError: string | null }> }>(
    '/status',
  );
  const [first] = reply.body.printers;
  if (!first) throw new Error('no printer in the status');
  return first;
}

describe('printing', () => {
  it('prints a receipt: the printer gets exactly its bytes, once', async () => {
    const fake = await printer();
    const { client, registerId } = await bridgeFor({ printers: [printerEntry(fake)] });
    const bytes = receipt('Sale 1001  TOTAL 12.50');
    const jobId = randomUUID();

    const queued = await client.print({ jobId, registerId, bytes });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ jobId, status: 'queued' });

    expect(await fake.waitForJobs(1)).toEqual([bytes]);
    expect(await waitForStatus(client, jobId, 'printed')).toMatchObject({ attempts: 1 });

    // The same job again is answered from the queue, not printed again.
    const again = await client.print({ jobId, registerId, bytes });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ jobId, status: 'printed' });
    // A later job comes out right after the first: nothing was sent in between.
    const next = receipt('Sale 1002');
    await client.print({ jobId: randomUUID(), registerId, bytes: next });
    expect(await fake.waitForJobs(2)).toEqual([bytes, next]);
  });

  it('refuses the same job id with other bytes (409) and keeps the first job', async () => {
    const fake = await printer();
    const { client, registerId } = await bridgeFor({ printers: [printerEntry(fake)] });
    const jobId = randomUUID();
    await client.print({ jobId, registerId, bytes: receipt('first') });
    const conflict = await client.print({ jobId, registerId, bytes: receipt('second') });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'job.conflict' });
    expect(await fake.waitForJobs(1)).toEqual([receipt('first')]);
  });

  it('keeps jobs queued while the printer is off, across a restart, and prints each once in order', async () => {
    const fake = await printer();
    const dataDir = await temporaryDataDir();
    const first = await startTestBridge({ printers: [printerEntry(fake)], dataDir });
    const client = bridgeClient(first.url, first.token ?? undefined);
    const { registerId } = first;
    const jobs = Array.from({ length: 5 }, (_, index) => ({
      jobId: randomUUID(),
      bytes: receipt(`Receipt ${index + 1}`),
    }));
    const [firstJob, ...offlineJobs] = jobs;
    if (!firstJob) throw new Error('no jobs');

    await client.print({ ...firstJob, registerId });
    await fake.waitForJobs(1);
    await fake.stop();
    for (const job of offlineJobs) {
      expect((await client.print({ ...job, registerId })).status).toBe(202);
    }
    await waitForStatus(client, offlineJobs[0]?.jobId ?? '', 'queued', 2);
    expect((await printerState(client)).state).toBe('offline');
    await first.bridge.close();

    const second = await startTestBridge({ printers: [printerEntry(fake)], dataDir });
    cleanups.push(() => second.close());
    // Still paired: the token from before the restart works.
    const restarted = bridgeClient(second.url, first.token ?? undefined);
    expect((await jobStatus(restarted, offlineJobs[3]?.jobId ?? '')).status).toBe('queued');

    await fake.start();
    expect(await fake.waitForJobs(5)).toEqual(jobs.map((job) => job.bytes));
    for (const job of jobs) await waitForStatus(restarted, job.jobId, 'printed');
    const sentinel = receipt('after the restart');
    await restarted.print({ jobId: randomUUID(), registerId, bytes: sentinel });
    expect(await fake.waitForJobs(6)).toEqual([...jobs.map((job) => job.bytes), sentinel]);
  });

  it.each([
    ['paper_out', /paper/],
    ['cover_open', /cover/],
  ] as const)(
    'holds a job while the printer reports %s, then prints it once',
    async (condition, problem) => {
      const fake = await printer({ condition });
      const { client, registerId } = await bridgeFor({
        printers: [printerEntry(fake, { statusQuery: true })],
      });
      const bytes = receipt('Sale 2001');
      const jobId = randomUUID();
      await client.print({ jobId, registerId, bytes });

      const waiting = await waitForStatus(client, jobId, 'queued', 2);
      expect(waiting.lastError).toMatch(problem);
      expect(await printerState(client)).toMatchObject({ state: condition });
      // The printer was asked, never sent the job.
      expect(fake.received()).toEqual([]);
      expect(fake.connections().some((connection) => connection.statusQueries > 0)).toBe(true);

      fake.setCondition('ready');
      expect(await fake.waitForJobs(1)).toEqual([bytes]);
      await waitForStatus(client, jobId, 'printed');
      expect(await printerState(client)).toMatchObject({ state: 'ready', lastError: null });
      const next = receipt('Sale 2002');
      await client.print({ jobId: randomUUID(), registerId, bytes: next });
      expect(await fake.waitForJobs(2)).toEqual([bytes, next]);
    },
  );

  it('re-sends a job in full when the printer drops the connection mid-job', async () => {
    const fake = await printer();
    const { client, registerId } = await bridgeFor({ printers: [printerEntry(fake)] });
    const bytes = new Uint8Array(64 * 1024).map((_, index) => 0x20 + (index % 90));
    const jobId = randomUUID();
    fake.cutNextJobAfter(1000);

    await client.print({ jobId, registerId, bytes });

    // Raw printers cannot resume a job: the part that reached the printer before the cut is
    // printed (a torn receipt), and the whole job is sent again.
    const received = await fake.waitForJobs(2);
    expect(received[0]).toEqual(bytes.subarray(0, 1000));
    expect(received[1]).toEqual(bytes);
    expect(fake.connections().filter((connection) => connection.cut)).toHaveLength(1);
    expect(await waitForStatus(client, jobId, 'printed')).toMatchObject({ attempts: 2 });
  });

  it('kicks the drawer after a cash receipt, on its own, and never on a reprint', async () => {
    const fake = await printer();
    const { client, registerId } = await bridgeFor({
      printers: [printerEntry(fake, { drawerPin: 5 })],
    });
    const kick = Uint8Array.of(0x1b, 0x70, 1, 25, 250);
    const bytes = receipt('Cash sale');
    const jobId = randomUUID();

    await client.print({ jobId, registerId, bytes, openDrawer: true });
    const drawer = await client.post('/drawer', { jobId: randomUUID(), registerId });
    expect(drawer.status).toBe(202);
    expect(drawer.body).toMatchObject({ kind: 'drawer', status: 'queued' });
    const reprint = await client.post<{ jobId: string; reprintOf: string }>(
      `/jobs/${jobId}/reprint`,
    );
    expect(reprint.status).toBe(202);
    expect(reprint.body.reprintOf).toBe(jobId);
    expect(reprint.body.jobId).not.toBe(jobId);

    expect(await fake.waitForJobs(3)).toEqual([new Uint8Array([...bytes, ...kick]), kick, bytes]);
    await waitForStatus(client, reprint.body.jobId, 'printed');
  });

  it('answers 503 when a printer already has its maximum of jobs waiting', async () => {
    const fake = await printer();
    await fake.stop();
    const { client, registerId } = await bridgeFor({
      printers: [printerEntry(fake)],
      limits: { maxQueuedPerPrinter: 2 },
    });
    for (const text of ['one', 'two']) {
      const reply = await client.print({ jobId: randomUUID(), registerId, bytes: receipt(text) });
      expect(reply.status).toBe(202);
    }
    const full = await client.print({ jobId: randomUUID(), registerId, bytes: receipt('three') });
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({ code: 'queue.full' });
    expect(full.headers.get('retry-after')).toBe('5');
  });
});
