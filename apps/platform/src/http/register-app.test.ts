import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/index.ts';

// The platform serves the built register from its own origin; these are the cache and routing
// rules its service worker and offline start rely on.
describe('serving the register', () => {
  let dir: string;
  let t: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'register-build-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Tillpoint Register</title>');
    await writeFile(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(dir, 'assets', 'entry-abc123.js'), 'console.log(1);');
    await writeFile(join(dir, 'manifest.webmanifest'), '{"name":"Register"}');
    await writeFile(join(dir, '.vite-manifest.json'), '{}');
    t = await createTestApp({ env: { REGISTER_DIR: dir } });
  });

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('redirects /register to the app root', async () => {
    const response = await get('/register');
    expect(response.statusCode).toBe(308);
    expect(response.headers.location).toBe('/register/');
  });

  it('answers every client route with the shell, revalidated on each load', async () => {
    for (const url of ['/register/', '/register/sign-in', '/register/shift?x=1']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('Tillpoint Register');
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for good and lets the service worker control /register/', async () => {
    const asset = await get('/register/assets/entry-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const worker = await get('/register/sw.js');
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.headers['service-worker-allowed']).toBe('/register/');
    const manifest = await get('/register/manifest.webmanifest');
    expect(manifest.headers['content-type']).toMatch(/application\/manifest\+json/);
  });

  it('allows the page to reach the hardware bridge on this PC and nothing else', async () => {
    const csp = String((await get('/register/')).headers['content-security-policy']);
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:* http://localhost:*");
    expect(csp).not.toMatch(/connect-src[^;]*https?:\/\/\*/);
  });

  it('refuses missing files, hidden files and paths out of the build', async () => {
    expect((await get('/register/assets/missing-000.js')).statusCode).toBe(404);
    expect((await get('/register/.vite-manifest.json')).statusCode).not.toBe(200);
    for (const url of ['/register/../package.json', '/register/%2e%2e/%2e%2e/package.json']) {
      const response = await get(url);
      expect(response.body, url).not.toContain('"name"');
    }
  });
});

describe('a platform without a register build', () => {
  it('says how to build it instead of failing obscurely', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'register-none-'));
    const t = await createTestApp({ env: { REGISTER_DIR: dir } });
    try {
      const response = await t.app.inject({ method: 'GET', url: '/register/' });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('npm run build --workspace @tillpoint/register');
    } finally {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
