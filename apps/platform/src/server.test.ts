import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTillpointClient, ok } from '@tillpoint/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The README's first command, as a newcomer runs it: the real server entry on embedded
// PostgreSQL (no DATABASE_URL, no REDIS_URL), an empty data folder, the printed demo logins.
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

let child: ChildProcess;
let dataDir: string;
let output = '';

function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not print ${pattern} in time:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    check();
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tillpoint-embedded-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.PUBLIC_URL;
  child = spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitFor(/Pair a register/, 60_000);
}, 90_000);

afterAll(async () => {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on embedded defaults', () => {
  it('serves the platform and the printed demo credentials sign in, for every role', async () => {
    const baseUrl = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    expect(baseUrl).toBeDefined();
    expect(output).toContain('embedded PostgreSQL');
    const logins = [
      ...output.matchAll(/^\s+(owner|admin|manager|cashier|accountant)\s+(\S+@\S+)\s+(\S+)/gm),
    ];
    expect(logins.map((m) => m[1])).toEqual(['owner', 'admin', 'manager', 'cashier', 'accountant']);
    for (const [, role, email = '', password = ''] of logins) {
      const client = createTillpointClient({ baseUrl: baseUrl ?? '' });
      await client.signIn(email, password);
      const me = await ok(client.api.GET('/api/v1/me'));
      expect(me.user?.role).toBe(role);
    }
    const code = output.match(/"code":"([A-Z0-9-]+)"/)?.[1];
    const paired = await ok(
      createTillpointClient({ baseUrl: baseUrl ?? '' }).api.POST('/api/v1/devices/pair', {
        body: { code: code ?? '' },
      }),
    );
    expect(paired.registerName).toBe('Till 1');
  });

  it('prints the register address and barcodes that the paired register scans at their price', async () => {
    const baseUrl = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1] ?? '';
    const code = output.match(/"code":"([A-Z0-9-]+)"/)?.[1] ?? '';
    expect(output).toContain(`open ${baseUrl}/register/, enter the pairing code ${code}`);
    expect(output).toContain('New York City sales tax (8.875 %)');
    const examples = [...output.matchAll(/^\s+(2\d{12})\s+(.+?)\s+\$(\d+)\.(\d\d)$/gm)];
    expect(examples).toHaveLength(4);
    // The first test traded the printed code for a device; a manager makes a fresh one here.
    const manager = createTillpointClient({ baseUrl });
    await manager.signIn('maya@harbor-demo.test', 'green-anchor-5172');
    const [store] = await ok(manager.api.GET('/api/v1/stores'));
    const registers = await ok(
      manager.api.GET('/api/v1/stores/{id}/registers', {
        params: { path: { id: store?.id ?? '' } },
      }),
    );
    const till = registers.find((register) => register.name === 'Till 1');
    const fresh = await ok(
      manager.api.POST('/api/v1/registers/{id}/pairing-codes', {
        params: { path: { id: till?.id ?? '' } },
      }),
    );
    const paired = await ok(
      createTillpointClient({ baseUrl }).api.POST('/api/v1/devices/pair', {
        body: { code: fresh.code },
      }),
    );
    const device = createTillpointClient({ baseUrl, token: paired.deviceToken });
    for (const [, barcode = '', name = '', dollars = '', cents = ''] of examples) {
      const scanned = await ok(
        device.api.GET('/api/v1/catalog/lookup', { params: { query: { barcode } } }),
      );
      expect(scanned.item.name).toBe(name);
      expect(scanned.item.priceMinor).toBe(Number(dollars) * 100 + Number(cents));
    }
  });
});
