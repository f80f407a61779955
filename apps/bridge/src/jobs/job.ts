/**
 * queued: waiting (or retrying) for its printer. printing: being sent right now (never stored:
 * a job found "printing" after a crash is simply queued again). printed: the printer took every
 * byte. failed_permanently: it can never print (its printer was removed from the config).
 */
export type JobStatus = 'queued' | 'printing' | 'printed' | 'failed_permanently';

export type JobKind = 'print' | 'drawer';

export interface JobRecord {
  readonly jobId: string;
  /** Arrival order over the whole bridge; each printer prints its jobs in this order. */
  readonly sequence: number;
  readonly kind: JobKind;
  readonly registerId: string;
  /** The configured printer name (never the "receipt" alias). */
  readonly printer: string;
  /** A drawer kick follows the job's bytes when it is sent. */
  readonly openDrawer: boolean;
  /** SHA-256 (hex) of the job's bytes: the same job id with other bytes is a conflict. */
  readonly dataSha256: string;
  readonly byteLength: number;
  /** The job this one reprints, if it is a reprint. */
  readonly reprintOf: string | null;
  readonly createdAt: string;
  readonly status: JobStatus;
  /** How many times the bytes were (or were about to be) sent. */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly updatedAt: string;
  readonly printedAt: string | null;
}

/** What a client sees of a job. */
export interface JobView {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly printer: string;
  readonly status: JobStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly printedAt: string | null;
  readonly reprintOf: string | null;
}

export function viewOf(job: JobRecord): JobView {
  return {
    jobId: job.jobId,
    kind: job.kind,
    printer: job.printer,
    status: job.status,
    attempts: job.attempts,
    lastError: job.lastError,
    createdAt: job.createdAt,
    printedAt: job.printedAt,
    reprintOf: job.reprintOf,
  };
}

export function isFinished(job: JobRecord): boolean {
  return job.status === 'printed' || job.status === 'failed_permanently';
}
