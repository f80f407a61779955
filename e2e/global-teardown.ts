// Stops the stack process (it drops its database on the way out) and waits until it is gone.
import { existsSync } from 'node:fs';
import { readStackFile, STACK_FILE } from './stack/stack-file.ts';

const STOP_TIMEOUT_MS = 30_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STACK_FILE)) return;
  const { pid } = readStackFile();
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      console.error(`[e2e] the stack (pid ${pid}) ignored SIGTERM for 30 s; killing it`);
      process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
