/**
 * Background jobs: small, idempotent, always naming their tenant. BullMQ on Redis in production
 * (survives restarts, spreads over instances), an in-process queue in embedded mode.
 */
export interface JobData {
  readonly tenantId: string;
  readonly [key: string]: unknown;
}

export interface JobRun {
  readonly attempt: number;
  updateProgress(percent: number): Promise<void>;
}

export type JobHandler = (data: JobData, run: JobRun) => Promise<void>;

export interface EnqueueOptions {
  /** Deterministic ids (tenant:entity:action) make enqueueing idempotent. */
  readonly jobId?: string;
  readonly attempts?: number;
}

export interface JobQueue {
  add(name: string, data: JobData, options?: EnqueueOptions): Promise<void>;
  process(name: string, handler: JobHandler, options?: { concurrency?: number }): void;
  close(): Promise<void>;
}

/** Throw this from a handler for failures that retrying cannot fix (bad file, missing row). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
