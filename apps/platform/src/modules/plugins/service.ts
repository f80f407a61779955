import type { Database } from '@tillpoint/db';
import { createPluginAdminUseCases } from './admin-service.ts';
import { createCardReaderUseCases } from './card-reader-service.ts';
import type { PluginHost } from './host.ts';
import { createPluginRuntime } from './runtime.ts';
import { createWebhookUseCases } from './webhook-service.ts';

/**
 * Per-tenant plugins: the back office's settings, registers' card readers, vendors' webhooks,
 * and the runtime other modules call (adapterFor, paymentFor, printerFor, accountingFor).
 */
export function createPluginService(db: Database, host: PluginHost) {
  const runtime = createPluginRuntime(db, host);
  return {
    ...runtime,
    ...createPluginAdminUseCases(db, host, runtime),
    ...createCardReaderUseCases(db),
    ...createWebhookUseCases(db, host, runtime),
  };
}

export type PluginService = ReturnType<typeof createPluginService>;
