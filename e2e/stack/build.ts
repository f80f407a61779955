// The register the platform serves is the production build, as a store would get it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function buildRegister(): Promise<void> {
  const started = performance.now();
  const output: string[] = [];
  const child = spawn('npm', ['run', 'build', '--workspace', '@tillpoint/register'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0)
    throw new Error(`the register build failed (exit ${code}):\n${output.join('').slice(-8000)}`);
  console.log(`[stack] register built in ${Math.round(performance.now() - started)} ms`);
}
