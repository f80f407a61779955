import type { Database } from '@tillpoint/db';
import type { PaymentAdapter } from '@tillpoint/plugin-sdk';
import { selectInstallationById } from '../plugins/queries.ts';
import type { PluginService } from '../plugins/service.ts';
import type { PaymentProcessor, PaymentProcessors } from './processors.ts';

/** Card payments' view of the plugin host (its adapters come guarded: time limits, errors). */
export function paymentProcessorsOf(db: Database, plugins: PluginService): PaymentProcessors {
  return {
    async enabled(scope): Promise<PaymentProcessor | null> {
      const active = await plugins.paymentFor(scope);
      return active ? { installation: active.installation, adapter: active.adapter } : null;
    },
    async byInstallation(scope, installationId): Promise<PaymentProcessor | null> {
      const row = await db.withTenant(scope, (tx) => selectInstallationById(tx, installationId));
      if (!row) return null;
      const active = await plugins.adapterOfInstallation(scope.tenantId, row);
      if (active.installation.kind !== 'payment') return null;
      return { installation: active.installation, adapter: active.adapter as PaymentAdapter };
    },
    call: (processor, _label, fn) => fn(processor.adapter),
  };
}
