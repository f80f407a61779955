import {
  type EnqueueOptions,
  type JobData,
  type JobHandler,
  type JobQueue,
  PermanentJobError,
} from './queue.ts';

interface Pending {
  readonly name: string;
  readonly data: JobData;
  readonly id: string | null;
  readonly attempts: number;
  attempt: number;
}

/**
 * In-process queue for embedded mode: same contract as BullMQ (retries with backoff, permanent
 * failures, idempotent job ids), without Redis. Jobs do not survive a restart; features that
 * must resume after one keep their own state row and re-enqueue at start.
 */
export function createMemoryQueue(
  log: (message: string, error?: unknown) => void,
  concurrency = 2,
): JobQueue {
  const handlers = new Map<string, JobHandler>();
  const waiting: Pending[] = [];
  const known = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let active = 0;
  let closed = false;

  function pump(): void {
    while (!closed && active < concurrency) {
      const index = waiting.findIndex((job) => handlers.has(job.name));
      if (index === -1) return;
      const [job] = waiting.splice(index, 1);
      if (job) void execute(job);
    }
  }

  async function execute(job: Pending): Promise<void> {
    active += 1;
    job.attempt += 1;
    const handler = handlers.get(job.name);
    try {
      // Yield first so the request that enqueued the job finishes before work starts.
      await new Promise((resolve) => setImmediate(resolve));
      await handler?.(job.data, { attempt: job.attempt, updateProgress: async () => {} });
      if (job.id) known.delete(job.id);
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      log(`job ${job.name} attempt ${job.attempt} failed${permanent ? ' permanently' : ''}`, error);
      if (!permanent && job.attempt < job.attempts && !closed) {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            waiting.push(job);
            pump();
          },
          1_000 * 2 ** (job.attempt - 1),
        );
        timers.add(timer);
      } else if (job.id) {
        known.delete(job.id);
      }
    } finally {
      active -= 1;
      pump();
    }
  }

  return {
    async add(name, data, options: EnqueueOptions = {}) {
      if (options.jobId) {
        if (known.has(options.jobId)) return;
        known.add(options.jobId);
      }
      waiting.push({
        name,
        data,
        id: options.jobId ?? null,
        attempts: options.attempts ?? 3,
        attempt: 0,
      });
      pump();
    },
    process(name, handler) {
      handlers.set(name, handler);
      pump();
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      while (active > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}
