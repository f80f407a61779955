import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  type EnqueueOptions,
  type JobData,
  type JobHandler,
  type JobQueue,
  PermanentJobError,
} from './queue.ts';

const QUEUE = 'tillpoint';

export function createBullmqQueue(
  redisUrl: string,
  prefix: string,
  log: (message: string, error?: unknown) => void,
): JobQueue {
  // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null on their connection.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE, { connection, prefix });
  const handlers = new Map<string, JobHandler>();
  let worker: Worker | null = null;

  async function dispatch(job: Job): Promise<void> {
    const handler = handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    try {
      await handler(job.data as JobData, {
        attempt: job.attemptsMade + 1,
        updateProgress: (percent) => job.updateProgress(percent),
      });
    } catch (error) {
      if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  return {
    async add(name, data, options: EnqueueOptions = {}) {
      await queue.add(name, data, {
        ...(options.jobId ? { jobId: options.jobId } : {}),
        attempts: options.attempts ?? 3,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { age: 24 * 3600, count: 1_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    },
    process(name, handler, options = {}) {
      handlers.set(name, handler);
      worker ??= new Worker(QUEUE, dispatch, {
        connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
        prefix,
        concurrency: options.concurrency ?? 2,
      });
      worker.on('failed', (job, error) => log(`job ${job?.name} ${job?.id} failed`, error));
    },
    async close() {
      await worker?.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
