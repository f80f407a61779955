import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  removeFileDurably,
  syncDirectory,
  TEMPORARY_SUFFIX,
  writeFileDurably,
} from '../durable-file.ts';
import type { BridgeLogger } from '../logger.ts';
import type { JobRecord } from './job.ts';

/**
 * The print queue on disk: one folder, two files per job. `<jobId>.bin` holds the bytes and is
 * written once; `<jobId>.json` holds the record and is replaced atomically on every state change.
 * The bytes are made durable before the record, so a record always has its bytes; bytes without
 * a record are a job that was never acknowledged and are removed at start.
 */
export interface JobStore {
  /** Every stored job, oldest first. */
  load(): Promise<JobRecord[]>;
  create(job: JobRecord, data: Uint8Array): Promise<void>;
  update(job: JobRecord): Promise<void>;
  readData(jobId: string): Promise<Uint8Array>;
  remove(jobId: string): Promise<void>;
  /** Resolves once every write started so far has finished. */
  flush(): Promise<void>;
}

const RECORD = '.json';
const BYTES = '.bin';

function isJobRecord(value: unknown): value is JobRecord {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Record<string, unknown>;
  return (
    typeof job.jobId === 'string' &&
    typeof job.sequence === 'number' &&
    (job.kind === 'print' || job.kind === 'drawer') &&
    typeof job.registerId === 'string' &&
    typeof job.printer === 'string' &&
    typeof job.openDrawer === 'boolean' &&
    typeof job.dataSha256 === 'string' &&
    typeof job.byteLength === 'number' &&
    (job.status === 'queued' || job.status === 'printed' || job.status === 'failed_permanently') &&
    typeof job.attempts === 'number'
  );
}

export function createJobStore(dataDir: string, logger: BridgeLogger): JobStore {
  const folder = join(dataDir, 'jobs');
  const recordPath = (jobId: string) => join(folder, `${jobId}${RECORD}`);
  const bytesPath = (jobId: string) => join(folder, `${jobId}${BYTES}`);
  // Writes of one job run one after another, so an older state can never overwrite a newer one.
  const writeChains = new Map<string, Promise<void>>();

  function serialize(jobId: string, write: () => Promise<void>): Promise<void> {
    const previous = writeChains.get(jobId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(write);
    writeChains.set(jobId, next);
    const forget = () => {
      if (writeChains.get(jobId) === next) writeChains.delete(jobId);
    };
    next.then(forget, forget);
    return next;
  }

  async function readRecord(name: string): Promise<JobRecord | null> {
    const path = join(folder, name);
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (isJobRecord(parsed)) return parsed;
    } catch {
      // Falls through: an unreadable record is set aside below.
    }
    logger.warn(`Print queue: ${name} is unreadable; moved aside as ${name}.corrupt`);
    await rename(path, `${path}.corrupt`);
    return null;
  }

  return {
    async load() {
      await mkdir(folder, { recursive: true });
      const names = await readdir(folder);
      const records: JobRecord[] = [];
      const recordIds = new Set<string>();
      for (const name of names) {
        if (name.endsWith(TEMPORARY_SUFFIX)) {
          // Left by a write that a crash interrupted before its rename; never acknowledged.
          await rm(join(folder, name), { force: true });
        } else if (name.endsWith(RECORD)) {
          const record = await readRecord(name);
          if (record) {
            records.push(record);
            recordIds.add(record.jobId);
          }
        }
      }
      for (const name of names) {
        if (name.endsWith(BYTES) && !recordIds.has(name.slice(0, -BYTES.length))) {
          await rm(join(folder, name), { force: true });
        }
      }
      await syncDirectory(folder);
      return records.sort((a, b) => a.sequence - b.sequence);
    },

    create(job, data) {
      return serialize(job.jobId, async () => {
        await writeFileDurably(bytesPath(job.jobId), data);
        await writeFileDurably(recordPath(job.jobId), JSON.stringify(job));
      });
    },

    update(job) {
      // "printing" is not a state worth surviving a restart: such a job must simply go again.
      const stored: JobRecord = job.status === 'printing' ? { ...job, status: 'queued' } : job;
      return serialize(job.jobId, () =>
        writeFileDurably(recordPath(job.jobId), JSON.stringify(stored)),
      );
    },

    async readData(jobId) {
      return new Uint8Array(await readFile(bytesPath(jobId)));
    },

    remove(jobId) {
      return serialize(jobId, async () => {
        // The record goes first: bytes without a record are cleaned up at the next start.
        await removeFileDurably(recordPath(jobId));
        await rm(bytesPath(jobId), { force: true });
      });
    },

    async flush() {
      await Promise.allSettled([...writeChains.values()]);
    },
  };
}
