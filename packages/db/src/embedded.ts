import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
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
  // Extensions the migrations create (catalog search) must be bundled into the WASM instance.
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm, btree_gin } });
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
