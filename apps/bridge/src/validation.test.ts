import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bridgeClient,
  type FakePrinter,
  printBody,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
} from './testing/index.ts';

let fake: FakePrinter;
let test: TestBridge;
let client: ReturnType<typeof bridgeClient>;

beforeAll(async () => {
  fake = await startFakePrinter();
  // Switched off, so a job that got through would stay visible in the queue folder.
  await fake.stop();
  test = await startTestBridge({ printers: [printerEntry(fake, { name: 'kitchen' })] });
  client = bridgeClient(test.url, test.token ?? '');
});

afterAll(async () => {
  await test.close();
  await fake.close();
});

/** Every file of the queue folder with its content: what "nothing was queued" is checked on. */
async function queueFiles(): Promise<Record<string, string>> {
  const folder = join(test.dataDir, 'jobs');
  const files: Record<string, string> = {};
  for (const name of await readdir(folder)) {
    files[name] = (await readFile(join(folder, name))).toString('base64');
  }
  return files;
}

function validJob() {
  return printBody({
    jobId: randomUUID(),
    registerId: test.registerId,
    bytes: new Uint8Array(Buffer.from('\x1b@Receipt\n', 'latin1')),
  });
}

const MAX_JOB_BYTES = 512 * 1024;

describe('a print request the bridge cannot use', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['malformed JSON', () => '{"jobId": ', /not valid JSON/],
    ['a JSON array', () => [validJob()], /JSON object/],
    ['a job id that is not a UUID', () => ({ ...validJob(), jobId: 'receipt-1' }), /jobId/],
    ['no register id', () => ({ ...validJob(), registerId: undefined }), /registerId/],
    ['bad base64', () => ({ ...validJob(), data: 'G0Bob!!=' }), /base64/],
    ['unpadded base64', () => ({ ...validJob(), data: 'G0BoZWxsbw' }), /base64/],
    ['empty data', () => ({ ...validJob(), data: '' }), /data/],
    ['another content type', () => ({ ...validJob(), contentType: 'text/plain' }), /contentType/],
    ['an unknown printer', () => ({ ...validJob(), printer: 'bar' }), /No printer named "bar"/],
    [
      'openDrawer that is not a boolean',
      () => ({ ...validJob(), openDrawer: 'yes' }),
      /openDrawer/,
    ],
    [
      'data over 512 KiB',
      () => ({
        ...validJob(),
        data: Buffer.alloc(MAX_JOB_BYTES + 1, 0x41).toString('base64'),
      }),
      /at most 524288 bytes/,
    ],
  ];

  it.each(cases)('answers 400 for %s and queues nothing', async (_name, body, message) => {
    const before = await queueFiles();
    const reply = await client.post('/print', body());
    expect(reply.status).toBe(400);
    expect(String(reply.body.message)).toMatch(message);
    expect(await queueFiles()).toEqual(before);
    expect((await client.get<{ jobs: { queued: number } }>('/status')).body.jobs.queued).toBe(0);
  });

  it('answers 413 for a body beyond the size limit, 415 for a body that is not JSON', async () => {
    const before = await queueFiles();
    const huge = await client.post('/print', 'x'.repeat(1024 * 1024));
    expect(huge.status).toBe(413);
    const text = await client.post('/print', JSON.stringify(validJob()), {
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    expect(await queueFiles()).toEqual(before);
  });

  it('answers 400 for a drawer kick or job lookup with a bad job id', async () => {
    const drawer = await client.post('/drawer', { jobId: 'x', registerId: test.registerId });
    expect(drawer.status).toBe(400);
    expect((await client.get('/jobs/not-a-uuid')).status).toBe(400);
    expect((await client.get(`/jobs/${randomUUID()}`)).status).toBe(404);
    expect((await client.post(`/jobs/${randomUUID()}/reprint`)).status).toBe(404);
    expect((await client.get('/nothing-here')).status).toBe(404);
  });

  // Last: the accepted job stays in the queue (its printer is off) and keeps being retried.
  it('accepts a job of exactly 512 KiB (and "receipt" names the first printer)', async () => {
    const body = {
      ...validJob(),
      data: Buffer.alloc(MAX_JOB_BYTES, 0x41).toString('base64'),
    };
    const reply = await client.post('/print', body);
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ printer: 'kitchen', status: 'queued' });
    const files = Object.keys(await queueFiles());
    expect(files.sort()).toEqual([`${body.jobId}.bin`, `${body.jobId}.json`]);
  });
});
