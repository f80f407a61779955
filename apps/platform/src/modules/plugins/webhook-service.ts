import { type Database, isUuid } from '@tillpoint/db';
import type { PaymentAdapter, PaymentWebhookEvent } from '@tillpoint/plugin-sdk';
import { AppError } from '../../errors.ts';
import { pluginFailure } from './call.ts';
import type { PluginHost } from './host.ts';
import { selectInstallationById } from './queries.ts';
import type { PluginRuntime } from './runtime.ts';
import { claimDelivery, markDelivery, selectInstallationTenant } from './webhook-queries.ts';
import type { WebhookSinks } from './webhook-sink.ts';

// A vendor's webhook: no session and no tenant, only an installation id in the URL and a
// signature the plugin checks. The plugin says what the event means; the host records each
// event once and hands it to the payments code once, however often it is delivered.

export interface WebhookDelivery {
  readonly pluginKey: string;
  readonly installationId: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Uint8Array;
  readonly receivedAt: Date;
  readonly requestId: string;
  readonly ip: string;
}

export type WebhookOutcome =
  | { readonly status: 'applied' | 'ignored' }
  | { readonly duplicate: true };

// One answer for every endpoint that does not take webhooks: wrong id, key, status or tenant.
function endpointNotFound(): AppError {
  return new AppError('webhook.not_found', 'No webhook endpoint at this address.');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createWebhookUseCases(db: Database, host: PluginHost, runtime: PluginRuntime) {
  return {
    async receiveWebhook(delivery: WebhookDelivery, sinks: WebhookSinks): Promise<WebhookOutcome> {
      if (!isUuid(delivery.installationId)) throw endpointNotFound();
      const tenantId = await db.withSystem('plugin webhook: tenant of the installation', (tx) =>
        selectInstallationTenant(tx, delivery.installationId),
      );
      if (!tenantId) throw endpointNotFound();
      const row = await db.withTenant({ tenantId }, (tx) =>
        selectInstallationById(tx, delivery.installationId),
      );
      const plugin = row ? host.registry.get(row.pluginKey) : undefined;
      const takesWebhooks =
        row?.status === 'enabled' &&
        row.pluginKey === delivery.pluginKey &&
        plugin?.kind === 'payment';
      if (!row || !takesWebhooks) throw endpointNotFound();

      const { installation, adapter } = await runtime.adapterOfInstallation(tenantId, row);
      // A forged or stale delivery stops here (webhook.bad_signature, 400) with nothing written.
      const event: PaymentWebhookEvent = await (adapter as PaymentAdapter).parseWebhook({
        headers: delivery.headers,
        rawBody: delivery.rawBody,
        receivedAt: delivery.receivedAt,
      });
      if (
        typeof event?.eventId !== 'string' ||
        event.eventId.length < 1 ||
        event.eventId.length > 255
      )
        throw pluginFailure(
          installation,
          'parseWebhook',
          new TypeError('event without a usable eventId'),
        );

      const key = { tenantId, installationId: row.id, eventId: event.eventId };
      const claim = await db.withTenant({ tenantId }, (tx) => claimDelivery(tx, key));
      if (claim === 'applied' || claim === 'ignored') return { duplicate: true };
      if (claim === 'in_progress')
        throw new AppError(
          'webhook.in_progress',
          'This event is being applied by another delivery right now; deliver it again later.',
          { eventId: event.eventId },
        );

      let status: 'applied' | 'ignored';
      try {
        status =
          event.type === 'ignored'
            ? 'ignored'
            : await sinks.payment(
                { tenantId, requestId: delivery.requestId, ip: delivery.ip },
                { id: row.id, key: row.pluginKey },
                event,
              );
      } catch (error) {
        installation.logger.error(
          { err: error, eventId: event.eventId, eventType: event.type },
          'webhook event could not be applied',
        );
        await db.withTenant({ tenantId }, (tx) =>
          markDelivery(tx, key, { status: 'failed', error: messageOf(error) }),
        );
        // A 5xx makes the vendor deliver it again later.
        throw new AppError(
          'webhook.failed',
          'The event could not be applied; it has been logged. Deliver it again later.',
          { eventId: event.eventId },
        );
      }
      await db.withTenant({ tenantId }, (tx) => markDelivery(tx, key, { status }));
      return { status };
    },
  };
}
