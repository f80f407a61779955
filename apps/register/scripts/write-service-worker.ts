// Writes build/client/sw.js after `react-router build`: a service worker that precaches the
// whole app shell (index.html and every built asset) under a version derived from the files'
// contents, so a register reloaded with the network down still opens (docs/decisions/0012).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = '/register/';
const client = fileURLToPath(new URL('../build/client/', import.meta.url));
const template = fileURLToPath(new URL('./service-worker.template.js', import.meta.url));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.endsWith('.map') && !path.endsWith(`${sep}sw.js`))
    .filter((path) => !relative(client, path).startsWith('.'))
    .sort();
}

const files = await filesUnder(client);
const hash = createHash('sha256');
const urls: string[] = [];
for (const path of files) {
  const url = relative(client, path).split(sep).join('/');
  hash
    .update(url)
    .update('\0')
    .update(await readFile(path));
  // index.html is cached as the app's root URL: every route of the SPA opens it.
  urls.push(url === 'index.html' ? BASE : `${BASE}${url}`);
}
const version = hash.digest('hex').slice(0, 16);
const source = (await readFile(template, 'utf8'))
  .replace('__VERSION__', JSON.stringify(version))
  .replace('__SHELL__', JSON.stringify(urls, null, 2))
  .replace('__BASE__', JSON.stringify(BASE));
await writeFile(join(client, 'sw.js'), source);
console.log(`service worker ${version}: ${urls.length} files precached`);
