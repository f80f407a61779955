import { createDatabase, type Database, type SystemLogger } from './database.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createPool } from './pool.ts';

export type DatabaseConfig =
  | {
      readonly kind: 'postgres';
      /** Connects as the app role (NOSUPERUSER NOBYPASSRLS). */
      readonly url: string;
      /** Connects as the owner role that runs migrations. */
      readonly ownerUrl: string;
      readonly poolSize: number;
      readonly migrateOnStart: boolean;
      readonly statementTimeoutMs?: number;
    }
  | {
      readonly kind: 'embedded';
      readonly dataDir: string;
    };

export async function openDatabase(
  config: DatabaseConfig,
  logger: SystemLogger,
): Promise<Database> {
  if (config.kind === 'postgres') {
    if (config.migrateOnStart) await migrate(config.ownerUrl);
    const pool = createPool({
      url: config.url,
      max: config.poolSize,
      applicationName: 'tillpoint',
      ...(config.statementTimeoutMs ? { statementTimeoutMs: config.statementTimeoutMs } : {}),
    });
    return createDatabase({ kind: 'postgres', pool, logger, onClose: async () => {} });
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  try {
    await migrate(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const pool = createPool({ url: embedded.url, max: 1, applicationName: 'tillpoint-embedded' });
  return createDatabase({ kind: 'embedded', pool, logger, onClose: () => embedded.stop() });
}
