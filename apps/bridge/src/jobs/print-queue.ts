import { createHash } from 'node:crypto';
import type { PrinterConfig } from '../config.ts';
import { BridgeError } from '../errors.ts';
import type { EventBus, PrinterStatusView } from '../events.ts';
import type { BridgeLogger } from '../logger.ts';
import type { LinkTimeouts } from '../printing/printer-link.ts';
import {
  createPrinterWorker,
  type PrinterWorker,
  type RetryTiming,
} from '../printing/printer-worker.ts';
import { isFinished, type JobKind, type JobRecord, type JobView, viewOf } from './job.ts';
import type { JobStore } from './job-store.ts';

export interface QueueLimits {
  /** Jobs a printer may have waiting; beyond this the bridge answers 503. */
  readonly maxQueuedPerPrinter: number;
  /**
   * Printed jobs remembered (with their bytes, for reprints). A job id is recognised as a
   * duplicate only while it is remembered, so keep this well above a day's receipts.
   */
  readonly finishedJobsKept: number;
}

export interface NewJob {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly registerId: string;
  readonly printer: PrinterConfig;
  readonly openDrawer: boolean;
  readonly data: Uint8Array;
  readonly reprintOf: string | null;
}

export interface SubmitResult {
  readonly job: JobView;
  /** False when the job id was already known: the existing job is returned, nothing queued. */
  readonly created: boolean;
}

export interface JobCounts {
  readonly queued: number;
  readonly printing: number;
  readonly printed: number;
  readonly failedPermanently: number;
}

export interface PrintQueue {
  /** Loads the stored queue and starts printing, each printer from its oldest job. */
  start(): Promise<void>;
  submit(job: NewJob): Promise<SubmitResult>;
  get(jobId: string): JobView | undefined;
  /** A copy of a stored job under a new id; drawer kicks are not reprinted. */
  reprint(jobId: string, newJobId: string, registerId: string): Promise<SubmitResult>;
  printers(): PrinterStatusView[];
  counts(): JobCounts;
  stop(): Promise<void>;
}

export interface PrintQueueOptions {
  readonly printers: readonly PrinterConfig[];
  readonly store: JobStore;
  readonly timing: RetryTiming & LinkTimeouts;
  readonly limits: QueueLimits;
  readonly events: EventBus;
  readonly logger: BridgeLogger;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function sameContent(job: JobRecord, candidate: Omit<NewJob, 'data'>, dataSha256: string) {
  return (
    job.kind === candidate.kind &&
    job.printer === candidate.printer.name &&
    job.openDrawer === candidate.openDrawer &&
    job.dataSha256 === dataSha256
  );
}

export function createPrintQueue(options: PrintQueueOptions): PrintQueue {
  const { store, limits, events, logger } = options;
  const jobs = new Map<string, JobRecord>();
  // Finished job ids, oldest first: the ones forgotten first when over limits.finishedJobsKept.
  const finished: string[] = [];
  const workers = new Map<string, PrinterWorker>();
  let nextSequence = 1;
  // Submissions run one at a time: a job id is checked and stored before the next is looked at,
  // and jobs reach their printer queue in the order they were accepted.
  let submissions: Promise<unknown> = Promise.resolve();

  function remember(job: JobRecord): void {
    const before = jobs.get(job.jobId);
    jobs.set(job.jobId, job);
    if (isFinished(job) && !(before && isFinished(before))) {
      finished.push(job.jobId);
      forgetOldFinishedJobs();
    }
  }

  function forgetOldFinishedJobs(): void {
    while (finished.length > limits.finishedJobsKept) {
      const oldest = finished.shift();
      if (oldest === undefined) break;
      jobs.delete(oldest);
      store.remove(oldest).catch((error: unknown) => {
        logger.warn(`Print queue: cannot remove old job ${oldest}: ${String(error)}`);
      });
    }
  }

  for (const printer of options.printers) {
    workers.set(
      printer.name,
      createPrinterWorker({
        printer,
        store,
        timing: options.timing,
        logger,
        onJobChange(job) {
          remember(job);
          events.publish({ type: 'job', job: viewOf(job) });
        },
        onPrinterChange(status) {
          events.publish({ type: 'printer', printer: status });
        },
      }),
    );
  }

  function workerOf(printerName: string): PrinterWorker {
    const worker = workers.get(printerName);
    if (!worker) throw new Error(`no printer named ${printerName}`);
    return worker;
  }

  async function accept(job: NewJob): Promise<SubmitResult> {
    const dataSha256 = sha256(job.data);
    const existing = jobs.get(job.jobId);
    if (existing) {
      if (!sameContent(existing, job, dataSha256)) {
        throw new BridgeError(
          409,
          'job.conflict',
          `Job ${job.jobId} was already sent with different content; use a new job id for a new print.`,
        );
      }
      return { job: viewOf(existing), created: false };
    }
    const worker = workerOf(job.printer.name);
    if (worker.queuedCount() >= limits.maxQueuedPerPrinter) {
      throw new BridgeError(
        503,
        'queue.full',
        `Printer ${job.printer.name} already has ${limits.maxQueuedPerPrinter} jobs waiting; check the printer, then try again.`,
      );
    }
    const now = new Date().toISOString();
    const record: JobRecord = {
      jobId: job.jobId,
      sequence: nextSequence++,
      kind: job.kind,
      registerId: job.registerId,
      printer: job.printer.name,
      openDrawer: job.openDrawer,
      dataSha256,
      byteLength: job.data.length,
      reprintOf: job.reprintOf,
      createdAt: now,
      status: 'queued',
      attempts: 0,
      lastError: null,
      updatedAt: now,
      printedAt: null,
    };
    // Durable before anyone hears "queued": a 202 means the job survives a crash.
    await store.create(record, job.data);
    remember(record);
    worker.enqueue(record);
    events.publish({ type: 'job', job: viewOf(record) });
    return { job: viewOf(record), created: true };
  }

  function submit(job: NewJob): Promise<SubmitResult> {
    const result = submissions.then(() => accept(job));
    submissions = result.catch(() => {});
    return result;
  }

  return {
    async start() {
      const stored = await store.load();
      for (const job of stored) {
        nextSequence = Math.max(nextSequence, job.sequence + 1);
        if (job.status !== 'queued') {
          remember(job);
          continue;
        }
        const worker = workers.get(job.printer);
        if (worker) {
          remember(job);
          worker.enqueue(job);
          continue;
        }
        const orphan: JobRecord = {
          ...job,
          status: 'failed_permanently',
          lastError: `printer ${job.printer} is no longer configured`,
          updatedAt: new Date().toISOString(),
        };
        logger.warn(`Print queue: job ${job.jobId} dropped: ${orphan.lastError}`);
        remember(orphan);
        await store.update(orphan);
      }
      const waiting = stored.filter((job) => job.status === 'queued').length;
      if (waiting > 0)
        logger.info(`Print queue: ${waiting} job(s) waiting from before the restart`);
      for (const worker of workers.values()) worker.start();
    },

    submit,

    get(jobId) {
      const job = jobs.get(jobId);
      return job ? viewOf(job) : undefined;
    },

    async reprint(jobId, newJobId, registerId) {
      const original = jobs.get(jobId);
      if (!original) {
        throw new BridgeError(404, 'job.not_found', `No job ${jobId} on this bridge.`);
      }
      if (original.kind === 'drawer') {
        throw new BridgeError(
          400,
          'job.not_reprintable',
          'A drawer kick cannot be repeated as a reprint; open the drawer from the register.',
        );
      }
      const printer = options.printers.find((candidate) => candidate.name === original.printer);
      if (!printer) {
        throw new BridgeError(409, 'printer.unknown', `Printer ${original.printer} is gone.`);
      }
      let data: Uint8Array;
      try {
        data = await store.readData(jobId);
      } catch {
        throw new BridgeError(410, 'job.gone', `The bytes of job ${jobId} are no longer kept.`);
      }
      // A reprint never kicks the drawer again: that would be a no-sale open nobody approved.
      return submit({
        jobId: newJobId,
        kind: 'print',
        registerId,
        printer,
        openDrawer: false,
        data,
        reprintOf: jobId,
      });
    },

    printers: () => [...workers.values()].map((worker) => worker.status()),

    counts() {
      const counts = { queued: 0, printing: 0, printed: 0, failedPermanently: 0 };
      for (const job of jobs.values()) {
        if (job.status === 'failed_permanently') counts.failedPermanently += 1;
        else counts[job.status] += 1;
      }
      return counts;
    },

    async stop() {
      await submissions;
      await Promise.all([...workers.values()].map((worker) => worker.stop()));
      await store.flush();
    },
  };
}
