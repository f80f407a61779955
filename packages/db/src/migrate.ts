import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from './pool.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

// Any fixed number works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_412_001;
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface MigrationResult {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

interface MigrationFile {
  readonly version: string;
  readonly name: string;
  readonly text: string;
  readonly checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort();
  return Promise.all(
    names.map(async (file) => {
      const [, version = '', name = ''] = MIGRATION_FILE.exec(file) ?? [];
      const text = await readFile(join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(text).digest('hex');
      return { version, name, text, checksum };
    }),
  );
}

/**
 * Applies pending numbered migrations, each in its own transaction, as the connecting (owner)
 * role. Concurrent starters serialise on an advisory lock; an edited, already-applied migration
 * stops everything, because the database would no longer match the files.
 */
export async function migrate(
  ownerUrl: string,
  dir: string = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const migrations = await readMigrations(dir);
  const client = createClient(ownerUrl, 'tillpoint-migrate');
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await client.query<{ version: string; checksum: string }>(
      'select version, checksum from schema_migrations',
    );
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const known = applied.get(migration.version);
      if (known !== undefined) {
        if (known !== migration.checksum) {
          throw new Error(
            `Migration ${migration.version}_${migration.name} changed after it was applied. ` +
              'Add a new migration instead of editing an applied one.',
          );
        }
        continue;
      }
      await client.query('begin');
      try {
        await client.query(migration.text);
        await client.query(
          'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
          [migration.version, migration.name, migration.checksum],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(
          `Migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      newlyApplied.push(`${migration.version}_${migration.name}`);
    }
    return { applied: newlyApplied, alreadyApplied: applied.size };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
