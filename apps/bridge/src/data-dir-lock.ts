import { open, readFile, rm } from 'node:fs/promises';
import { uptime } from 'node:os';
import { join } from 'node:path';

export interface DataDirLock {
  release(): Promise<void>;
}

interface LockOwner {
  readonly pid: number;
  /** When the computer started (ms); a lock from before a reboot is stale whatever its pid. */
  readonly bootedAt: number;
}

// os.uptime() has one-second resolution and drifts a little against the wall clock.
const BOOT_TIME_TOLERANCE_MS = 60_000;

function bootedAt(): number {
  return Date.now() - uptime() * 1000;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.bootedAt === 'number') {
      return { pid: owner.pid, bootedAt: owner.bootedAt };
    }
  } catch {
    // Unreadable: a crash while it was being written; treated as stale.
  }
  return null;
}

/**
 * Two bridges on one data folder would both print every queued job. The lock file names the
 * owning process; a lock whose process is gone (a crash, a power cut) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, 'bridge.lock');
  for (let tries = 0; tries < 2; tries += 1) {
    try {
      const handle = await open(path, 'wx');
      const owner: LockOwner = { pid: process.pid, bootedAt: bootedAt() };
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(path);
    const stale =
      !owner ||
      Math.abs(owner.bootedAt - bootedAt()) > BOOT_TIME_TOLERANCE_MS ||
      !isRunning(owner.pid);
    if (!stale) {
      throw new Error(
        `Another bridge (process ${owner.pid}) is already using ${dataDir}; stop it first.`,
      );
    }
    await rm(path, { force: true });
  }
  throw new Error(`Cannot lock ${dataDir}; another bridge is starting at the same time.`);
}
