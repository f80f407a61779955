import type { PrinterConfig } from '../config.ts';
import type { PrinterStatusView } from '../events.ts';
import type { JobRecord } from '../jobs/job.ts';
import type { JobStore } from '../jobs/job-store.ts';
import type { BridgeLogger } from '../logger.ts';
import { drawerKick, type PrinterState } from './escpos.ts';
import { type LinkTimeouts, sendToPrinter } from './printer-link.ts';

export interface RetryTiming {
  /** First pause after a failed attempt; it doubles on each further failure... */
  readonly retryInitialMs: number;
  /** ...up to this. Also how often an idle printer that is not ready is checked again. */
  readonly retryMaxMs: number;
}

export interface PrinterWorkerOptions {
  readonly printer: PrinterConfig;
  readonly store: JobStore;
  readonly timing: RetryTiming & LinkTimeouts;
  readonly logger: BridgeLogger;
  /** Every change of a job's state, in order; the queue keeps its index and tells the register. */
  readonly onJobChange: (job: JobRecord) => void;
  readonly onPrinterChange: (status: PrinterStatusView) => void;
}

export interface PrinterWorker {
  enqueue(job: JobRecord): void;
  /** Jobs waiting, the one being sent included. */
  queuedCount(): number;
  status(): PrinterStatusView;
  start(): void;
  /** Lets the job being sent finish (bounded by the link timeouts), then stops. */
  stop(): Promise<void>;
}

function concatenate(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

/**
 * Prints one printer's jobs strictly in order. The job at the head is retried (with a growing
 * pause) until the printer takes it; the jobs behind it wait, so receipts never come out of
 * order. A job leaves the queue only once it is printed.
 */
export function createPrinterWorker(options: PrinterWorkerOptions): PrinterWorker {
  const { printer, store, timing, logger } = options;
  const queue: JobRecord[] = [];
  let state: PrinterState = 'unknown';
  let lastError: string | null = null;
  let since = new Date().toISOString();
  let stopping = false;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  function status(): PrinterStatusView {
    return {
      name: printer.name,
      host: printer.host,
      port: printer.port,
      state,
      queued: queue.length,
      lastError,
      since,
    };
  }

  function setPrinterState(next: PrinterState, error: string | null): void {
    if (next === state && error === lastError) return;
    if (next !== state) {
      since = new Date().toISOString();
      logger.info(`Printer ${printer.name}: ${next}${error ? ` (${error})` : ''}`);
    }
    state = next;
    lastError = error;
    options.onPrinterChange(status());
  }

  /** Waits `ms` (forever when null) or until woken: by stop, and by a new job when idle. */
  function pause(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      const timer = ms === null ? undefined : setTimeout(done, ms);
      wake = done;
    });
  }

  async function persist(job: JobRecord): Promise<void> {
    try {
      await store.update(job);
    } catch (error) {
      // The state is kept in memory, so this run still never sends the job twice.
      logger.error(`Print queue: cannot save job ${job.jobId}: ${String(error)}`);
    }
  }

  async function readJobBytes(job: JobRecord): Promise<Uint8Array | null> {
    try {
      const data = await store.readData(job.jobId);
      return job.openDrawer ? concatenate(data, drawerKick(printer.drawerPin)) : data;
    } catch (error) {
      logger.error(`Print queue: the bytes of job ${job.jobId} are unreadable: ${String(error)}`);
      return null;
    }
  }

  /** Sends the head job once; true when it left the queue. */
  async function attempt(job: JobRecord): Promise<boolean> {
    const bytes = await readJobBytes(job);
    if (!bytes) {
      const failed: JobRecord = {
        ...job,
        status: 'failed_permanently',
        lastError: 'the job bytes are missing from the print queue',
        updatedAt: new Date().toISOString(),
      };
      queue.shift();
      options.onJobChange(failed);
      await persist(failed);
      return true;
    }
    const printing: JobRecord = {
      ...job,
      status: 'printing',
      attempts: job.attempts + 1,
      updatedAt: new Date().toISOString(),
    };
    queue[0] = printing;
    options.onJobChange(printing);
    const outcome = await sendToPrinter({
      host: printer.host,
      port: printer.port,
      statusQuery: printer.statusQuery,
      bytes,
      timeouts: timing,
    });
    const now = new Date().toISOString();
    if (outcome.ok) {
      const printed: JobRecord = {
        ...printing,
        status: 'printed',
        lastError: null,
        printedAt: now,
        updatedAt: now,
      };
      queue.shift();
      options.onJobChange(printed);
      setPrinterState('ready', null);
      await persist(printed);
      return true;
    }
    const waiting: JobRecord = {
      ...printing,
      status: 'queued',
      lastError: outcome.error,
      updatedAt: now,
    };
    queue[0] = waiting;
    options.onJobChange(waiting);
    setPrinterState(outcome.state, outcome.error);
    await persist(waiting);
    return false;
  }

  async function probe(): Promise<void> {
    const outcome = await sendToPrinter({
      host: printer.host,
      port: printer.port,
      statusQuery: printer.statusQuery,
      bytes: null,
      timeouts: timing,
    });
    if (outcome.ok) setPrinterState('ready', null);
    else setPrinterState(outcome.state, outcome.error);
  }

  async function run(): Promise<void> {
    let delay = timing.retryInitialMs;
    // Learn the printer's state at start so the status page is right before the first job.
    if (queue.length === 0) await probe();
    while (!stopping) {
      const head = queue[0];
      if (!head) {
        // An idle printer that is not ready is looked at again now and then, so its state
        // recovers on the status page when someone fixes it.
        await pause(state === 'ready' ? null : timing.retryMaxMs);
        if (!stopping && queue.length === 0 && state !== 'ready') await probe();
        continue;
      }
      if (await attempt(head)) {
        delay = timing.retryInitialMs;
      } else if (!stopping) {
        await pause(delay);
        delay = Math.min(delay * 2, timing.retryMaxMs);
      }
    }
  }

  return {
    enqueue(job) {
      queue.push(job);
      // Wakes an idle loop; a loop pausing between retries of the head job is not woken by
      // this, since the new job has to wait behind the head anyway.
      if (queue.length === 1) wake?.();
    },
    queuedCount: () => queue.length,
    status,
    start() {
      running ??= run().catch((error: unknown) => {
        logger.error(`Printer ${printer.name}: the print loop stopped: ${String(error)}`);
      });
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
  };
}
