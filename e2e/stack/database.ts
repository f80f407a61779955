// A database of the run's own on the real PostgreSQL server, migrated from zero, dropped at the
// end: e2e runs never see each other's rows or a developer's data.
import { migrate } from '@tillpoint/db';
import pg from 'pg';

export interface RunDatabase {
  readonly name: string;
  /** The migration owner (superuser on the test server): migrations and bulk seeding. */
  readonly ownerUrl: string;
  /** The role the platform uses (NOSUPERUSER NOBYPASSRLS). */
  readonly appUrl: string;
  drop(): Promise<void>;
}

const ADMIN_URL =
  process.env.E2E_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url: string, database: string, user?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (user !== undefined) {
    parsed.username = user;
    parsed.password = '';
  }
  return parsed.toString();
}

async function asAdmin(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

export async function createRunDatabase(runId: string): Promise<RunDatabase> {
  if (!/^[a-z0-9]+$/.test(runId)) throw new Error(`run id must be [a-z0-9]+ (got "${runId}")`);
  const name = `tillpoint_e2e_${runId}`;
  await asAdmin(`create database ${name}`);
  const ownerUrl = withDatabase(ADMIN_URL, name);
  try {
    await migrate(ownerUrl);
  } catch (error) {
    await asAdmin(`drop database if exists ${name} with (force)`);
    throw error;
  }
  return {
    name,
    ownerUrl,
    appUrl: withDatabase(ADMIN_URL, name, 'tillpoint_app'),
    drop: () => asAdmin(`drop database if exists ${name} with (force)`),
  };
}
