// The e2e stack (e2e/stack/main.ts) as this benchmark's platform: the same process the browser
// journeys use (register build, fresh database, real platform on PostgreSQL and Redis, fakes,
// seeded shop, control API), so the numbers describe what the journeys exercise. The stack
// writes its ready file to a fixed place (e2e/.stack/stack.json), so it runs only when no
// e2e run holds that file.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStackFile, STACK_FILE, type StackInfo } from '../../../e2e/stack/stack-file.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../e2e/stack/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 30_000;

export interface RunningStack {
  readonly info: StackInfo;
  /** Where the stack's stdout and stderr go (a fresh temporary directory). */
  readonly logDir: string;
  /** The stack process. */
  readonly pid: number;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(path: string, characters = 4000): string {
  try {
    return readFileSync(path, 'utf8').slice(-characters);
  } catch {
    return '(nothing)';
  }
}

/** Pids of running e2e stack processes (Linux /proc), whoever started them. */
export function runningStacks(): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('e2e/stack/main.ts')) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/**
 * Throws when an e2e run (or an earlier benchmark) has a live stack: two stacks share
 * e2e/.stack/stack.json (each removes it when it stops) and the 2 cores.
 */
export function assertNoStackRunning(): void {
  const pids = runningStacks();
  if (existsSync(STACK_FILE)) {
    const { pid } = readStackFile();
    if (alive(pid) && !pids.includes(pid)) pids.push(pid);
  }
  if (pids.length > 0)
    throw new Error(
      `an e2e stack is running (pid ${pids.join(', ')}); run this benchmark when no e2e run is active`,
    );
}

/** Waits (bounded) until no e2e stack runs, checking every 30 s. */
export async function waitForQuiet(
  timeoutMs: number,
  log: (message: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertNoStackRunning();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      log(`${error instanceof Error ? error.message : String(error)}: waiting`);
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
  }
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the stack and waits for its ready file. env adds to ours: E2E_SKIP_BUILD=1 reuses the
 * existing register build, E2E_BULK_VARIANTS=n seeds n variants before the stack reports ready.
 */
export async function startStack(env: Record<string, string> = {}): Promise<RunningStack> {
  assertNoStackRunning();
  const logDir = mkdtempSync(join(tmpdir(), 'tillpoint-bench-register-'));
  const stdout = join(logDir, 'stack.out.log');
  const stderr = join(logDir, 'stack.err.log');
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env, E2E_STACK_PARENT_PIPE: '1' },
    // stdin stays a pipe: if this process dies, the stack sees it close and stops itself.
    stdio: ['pipe', openSync(stdout, 'w'), openSync(stderr, 'w')],
  });
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (existsSync(STACK_FILE)) {
      const info = readStackFile();
      if (info.pid === child.pid) break;
    }
    if (exited !== null || Date.now() > deadline) {
      if (exited === null) child.kill('SIGTERM');
      throw new Error(
        `the e2e stack did not start (${exited ?? 'timed out'}).\n--- stderr ---\n${tail(stderr)}\n--- stdout ---\n${tail(stdout)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const info = readStackFile();
  return {
    info,
    logDir,
    pid: child.pid ?? info.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Our stack removes stack.json on its way out, even when an e2e run started meanwhile has
      // written its own there: keep that one and put it back.
      const other = existsSync(STACK_FILE) ? readFileSync(STACK_FILE, 'utf8') : null;
      const otherPid = other === null ? null : readStackFile().pid;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
      if (other !== null && otherPid !== null && otherPid !== child.pid && alive(otherPid))
        if (!existsSync(STACK_FILE)) writeFileSync(STACK_FILE, other);
    },
  };
}
