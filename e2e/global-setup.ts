// Starts the stack (stack/main.ts) as its own Node 24 process: our packages are TypeScript that
// Node runs natively, which Playwright's own transpiler is not meant to load. Waits for
// .stack/stack.json, the stack's "ready" signal.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readStackFile, STACK_DIR, STACK_FILE } from './stack/stack-file.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MAIN = fileURLToPath(new URL('./stack/main.ts', import.meta.url));
export const STACK_STDOUT = `${STACK_DIR}stack.out.log`;
export const STACK_STDERR = `${STACK_DIR}stack.err.log`;
const READY_TIMEOUT_MS = 120_000;

/** Node 24 strips types; under an older Node, the repository's own Node 24 (the "node" devDependency). */
function node24(): string {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) return process.execPath;
  const local = `${ROOT}node_modules/.bin/node`;
  if (existsSync(local)) return local;
  throw new Error(`Node 24 is needed for the stack (running ${process.version}); run npm install`);
}

function tail(path: string, characters = 6000): string {
  try {
    return readFileSync(path, 'utf8').slice(-characters);
  } catch {
    return '(nothing)';
  }
}

export default async function globalSetup(): Promise<void> {
  mkdirSync(STACK_DIR, { recursive: true });
  rmSync(STACK_FILE, { force: true });
  const child = spawn(node24(), [MAIN], {
    cwd: ROOT,
    env: { ...process.env, E2E_STACK_PARENT_PIPE: '1' },
    // stdin stays a pipe: when this runner dies, the stack sees it end and stops itself.
    stdio: ['pipe', openSync(STACK_STDOUT, 'w'), openSync(STACK_STDERR, 'w')],
  });
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!existsSync(STACK_FILE)) {
    if (exited !== null || Date.now() > deadline) {
      if (exited === null) child.kill('SIGTERM');
      throw new Error(
        `The e2e stack did not start (${exited ?? `no stack.json after ${READY_TIMEOUT_MS / 1000} s`}).\n` +
          `--- stack stderr ---\n${tail(STACK_STDERR)}\n--- stack stdout ---\n${tail(STACK_STDOUT)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const stack = readStackFile();
  // Workers read the config again and take the register URL from here.
  process.env.E2E_REGISTER_URL = stack.registerUrl;
  console.log(`[e2e] stack ready: ${stack.registerUrl} (database ${stack.database})`);
}
