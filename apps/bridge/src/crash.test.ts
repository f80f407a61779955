import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
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

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let fake: FakePrinter | undefined;
let child: ChildProcess | undefined;
let restarted: TestBridge | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  await restarted?.close();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function exited(process: ChildProcess): Promise<void> {
  if (process.exitCode !== null || process.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => process.once('exit', () => resolve()));
}

describe('a bridge killed without warning', () => {
  it('prints every acknowledged job exactly once, in order, after it is started again', async () => {
    fake = await startFakePrinter();
    dataDir = await makeDataDir();
    const configPath = join(dataDir, 'bridge.json');
    await writeFile(
      configPath,
      JSON.stringify({
        port: 0,
        dataDir: join(dataDir, 'queue'),
        allowedOrigins: ['https://register.example.test'],
        printers: [printerEntry(fake)],
      }),
    );
    // The printer is off the whole time the first bridge runs: nothing can print yet.
    await fake.stop();

    const running = spawn(process.execPath, [MAIN, '--config', configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = running;
    let output = '';
    running.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    running.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [url, code] = await waitUntil(() => {
      const address = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      const pairingCode = output.match(/Pairing code: (\d{8})/)?.[1];
      return address && pairingCode ? [address, pairingCode] : undefined;
    }, 'the bridge to start and show its pairing code');
    const registerId = randomUUID();
    const paired = await bridgeClient(url).post<{ bridgeToken: string }>('/pair', {
      code,
      registerId,
      registerName: 'Front counter',
    });
    expect(paired.status).toBe(200);
    const token = paired.body.bridgeToken;
    const client = bridgeClient(url, token);

    const jobs = Array.from({ length: 4 }, (_, index) => ({
      jobId: randomUUID(),
      bytes: new Uint8Array(Buffer.from(`\x1b@Receipt ${index + 1}\n\x1dV\x00`, 'latin1')),
    }));
    for (const job of jobs) {
      expect((await client.print({ ...job, registerId })).status).toBe(202);
    }

    // No graceful close: the process is gone between one instruction and the next.
    running.kill('SIGKILL');
    await exited(running);

    restarted = await startTestBridge({
      printers: [printerEntry(fake)],
      dataDir: join(dataDir, 'queue'),
    });
    const after = bridgeClient(restarted.url, token);
    for (const job of jobs) {
      expect((await after.get(`/jobs/${job.jobId}`)).body).toMatchObject({ status: 'queued' });
    }
    await fake.start();
    expect(await fake.waitForJobs(jobs.length)).toEqual(jobs.map((job) => job.bytes));
    for (const job of jobs) {
      await waitUntil(async () => {
        const reply = await after.get<{ status: string }>(`/jobs/${job.jobId}`);
        return reply.body.status === 'printed' ? true : undefined;
      }, `job ${job.jobId} to be printed`);
    }
    // Resending a job after the crash is answered from the queue and prints nothing more.
    const [firstJob] = jobs;
    if (!firstJob) throw new Error('no jobs');
    expect((await after.print({ ...firstJob, registerId })).body).toMatchObject({
      status: 'printed',
    });
    const sentinel = new Uint8Array(Buffer.from('sentinel'));
    await after.print({ jobId: randomUUID(), registerId, bytes: sentinel });
    expect(await fake.waitForJobs(jobs.length + 1)).toEqual([
      ...jobs.map((job) => job.bytes),
      sentinel,
    ]);
  });
});
