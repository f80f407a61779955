import type { Database } from '@tillpoint/db';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

// Describing the API needs the routes, not a database: any use of this one is a bug.
const noDatabase: Database = {
  kind: 'postgres',
  withTenant: () => Promise.reject(new Error('no database while generating the OpenAPI document')),
  withSystem: () => Promise.reject(new Error('no database while generating the OpenAPI document')),
  ping: () => Promise.reject(new Error('no database')),
  close: async () => {},
};

/** The OpenAPI document exactly as the running server serves it at /docs/json. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://127.0.0.1:3000',
  });
  const app = await buildApp({ config, db: noDatabase, redis: null, authSecret: 'x'.repeat(32) });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
