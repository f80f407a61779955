// Test helpers for suites that need the real database. Never imported by production code.
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from './database.ts';
import { createPool } from './pool.ts';

// Provided by testing/global-setup.ts; declared here so every program that reads them knows them.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseOwnerUrl: string;
    databaseAppUrl: string;
    redisUrl: string;
    testRunId: string;
  }
}

export function testDatabaseUrls(): { ownerUrl: string; appUrl: string } {
  return { ownerUrl: inject('databaseOwnerUrl'), appUrl: inject('databaseAppUrl') };
}

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export function testRunId(): string {
  return inject('testRunId');
}

const silent = { info() {} };

/** The application's own Database on the run's test database, connected as the app role. */
export function openTestDatabase(poolSize = 4): Database {
  const pool = createPool({
    url: testDatabaseUrls().appUrl,
    max: poolSize,
    applicationName: 'tillpoint-test',
  });
  return createDatabase({ kind: 'postgres', pool, logger: silent, onClose: async () => {} });
}

/** A raw connection as the app role with no tenant context at all: what a bug would get. */
export async function connectAsAppRole(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabaseUrls().appUrl });
  await client.connect();
  return client;
}

/** A raw connection as the migration owner, for tests that play an attacker with table access. */
export async function connectAsOwner(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabaseUrls().ownerUrl });
  await client.connect();
  return client;
}
