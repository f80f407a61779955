import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** Superuser URL on loopback; the application still switches to the app role per transaction. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL compiled to WASM, in this process, behind a loopback wire-protocol socket so
 * the exact same driver, SQL and type parsing run as against a PostgreSQL server. PGlite has a
 * single backend session: callers must use a pool of one connection.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
