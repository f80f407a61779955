import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSecretKeys, parseSecretKeys, type SecretKey } from './secret-box.ts';

/**
 * The configured PLUGIN_SECRETS_KEYS, or (development and embedded mode only; production refuses
 * to start without them) a key ring generated on first start and kept in the data folder, so
 * plugin credentials saved on a laptop still open after a restart.
 */
export async function resolvePluginSecretKeys(
  configured: readonly SecretKey[] | null,
  dataDir: string,
): Promise<readonly SecretKey[]> {
  if (configured) return configured;
  const file = join(dataDir, 'plugin-secrets-keys');
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null; // first start: create it below
    throw error;
  });
  if (existing !== null) {
    const parsed = parseSecretKeys(existing.trim());
    // Never replace a damaged ring: the credentials it sealed would be lost with it.
    if (parsed.problems.length > 0)
      throw new Error(`${file} is not a valid key ring: ${parsed.problems.join('; ')}`);
    return parsed.keys;
  }
  await mkdir(dataDir, { recursive: true });
  const generated = generateSecretKeys('local');
  await writeFile(file, `${generated}\n`, { mode: 0o600 });
  return parseSecretKeys(generated).keys;
}
