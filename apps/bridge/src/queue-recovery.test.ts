import { randomUUID } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bridgeClient,
  type FakePrinter,
  makeDataDir,
  printerEntry,
  startFakePrinter,
  startTestBridge,
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

async function dataDir(): Promise<string> {
  const folder = await makeDataDir();
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('the print queue on disk', () => {
  it('cleans up what a crash mid-write leaves behind and sets aside an unreadable record', async () => {
    const fake = await printer();
    const folder = await dataDir();
    const first = await startTestBridge({ printers: [printerEntry(fake)], dataDir: folder });
    const client = bridgeClient(first.url, first.token ?? '');
    const jobId = randomUUID();
    await client.print({ jobId, registerId: first.registerId, bytes: bytes('kept') });
    await fake.waitForJobs(1);
    await first.bridge.close();

    const jobs = join(folder, 'jobs');
    const orphan = randomUUID();
    await writeFile(join(jobs, `${orphan}.bin`), 'never acknowledged');
    await writeFile(join(jobs, `${orphan}.json.1234.tmp`), '{"jobId":');
    await writeFile(join(jobs, `${randomUUID()}.json`), '{"jobId": "half a rec');

    const second = await startTestBridge({ printers: [printerEntry(fake)], dataDir: folder });
    cleanups.push(() => second.close());
    const files = (await readdir(jobs)).sort();
    expect(files.filter((name) => name.endsWith('.corrupt'))).toHaveLength(1);
    expect(files.filter((name) => !name.endsWith('.corrupt'))).toEqual(
      [`${jobId}.bin`, `${jobId}.json`].sort(),
    );
    const after = bridgeClient(second.url, first.token ?? '');
    expect((await after.get(`/jobs/${jobId}`)).body).toMatchObject({ status: 'printed' });
    expect(fake.received()).toHaveLength(1);
  });

  it('fails a waiting job for good when its printer was removed from the config', async () => {
    const kitchen = await printer();
    const front = await printer();
    await kitchen.stop();
    const folder = await dataDir();
    const first = await startTestBridge({
      printers: [printerEntry(front), printerEntry(kitchen, { name: 'kitchen' })],
      dataDir: folder,
    });
    const client = bridgeClient(first.url, first.token ?? '');
    const jobId = randomUUID();
    await client.print({
      jobId,
      registerId: first.registerId,
      printer: 'kitchen',
      bytes: bytes('x'),
    });
    await first.bridge.close();

    const second = await startTestBridge({ printers: [printerEntry(front)], dataDir: folder });
    cleanups.push(() => second.close());
    const job = await bridgeClient(second.url, first.token ?? '').get(`/jobs/${jobId}`);
    expect(job.body).toMatchObject({
      status: 'failed_permanently',
      lastError: 'printer kitchen is no longer configured',
    });
  });

  it('forgets the oldest printed jobs beyond the configured number, files included', async () => {
    const fake = await printer();
    const test = await startTestBridge({
      printers: [printerEntry(fake)],
      limits: { finishedJobsKept: 2 },
    });
    cleanups.push(() => test.close());
    const client = bridgeClient(test.url, test.token ?? '');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [index, jobId] of ids.entries()) {
      await client.print({ jobId, registerId: test.registerId, bytes: bytes(`job ${index}`) });
    }
    await fake.waitForJobs(3);
    const [oldest = '', ...kept] = ids;
    await waitUntil(
      async () => ((await client.get(`/jobs/${oldest}`)).status === 404 ? true : undefined),
      'the oldest job to be forgotten',
    );
    for (const jobId of kept) {
      expect((await client.get(`/jobs/${jobId}`)).body).toMatchObject({ status: 'printed' });
    }
    await waitUntil(async () => {
      const files = await readdir(join(test.dataDir, 'jobs'));
      return files.some((name) => name.startsWith(oldest)) ? undefined : true;
    }, 'the oldest job files to be removed');
  });

  it('retries when the printer does not answer the status query, then prints once it does', async () => {
    const fake = await printer({ condition: 'silent' });
    const test = await startTestBridge({
      printers: [printerEntry(fake, { statusQuery: true })],
      timing: { statusMs: 100 },
    });
    cleanups.push(() => test.close());
    const client = bridgeClient(test.url, test.token ?? '');
    const jobId = randomUUID();
    await client.print({ jobId, registerId: test.registerId, bytes: bytes('receipt') });
    const waiting = await waitUntil(async () => {
      const reply = await client.get<{ attempts: number; lastError: string | null }>(
        `/jobs/${jobId}`,
      );
      return reply.body.attempts >= 1 && reply.body.lastError ? reply.body : undefined;
    }, 'a failed attempt');
    expect(waiting.lastError).toMatch(/did not answer the status query/);
    expect(fake.received()).toEqual([]);
    fake.setCondition('ready');
    expect(await fake.waitForJobs(1)).toEqual([bytes('receipt')]);
  });
});
