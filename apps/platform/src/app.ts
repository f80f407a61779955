import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@tillpoint/db';
import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { PlatformConfig } from './config.ts';
import { createEventBus } from './events/bus.ts';
import { Outbox } from './events/outbox.ts';
import { startOutboxRelay } from './events/relay.ts';
import { authenticate } from './http/authenticate.ts';
import { errorHandling } from './http/errors.ts';
import { installGraphql } from './http/graphql.ts';
import { healthRoutes } from './http/health.ts';
import { idempotency } from './http/idempotency.ts';
import { scheduleIdempotencyPurge } from './http/idempotency-purge.ts';
import { installOpenApi } from './http/openapi.ts';
import { registerApp } from './http/register-app.ts';
import { ErrorResponse } from './http/schemas.ts';
import { installValidation } from './http/validation.ts';
import { createBullmqQueue } from './jobs/bullmq-queue.ts';
import { createMemoryQueue } from './jobs/memory-queue.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { cashRoutes } from './modules/cash/routes.ts';
import { createCatalogImportJob } from './modules/catalog/csv/import-job.ts';
import { CATALOG_IMPORT_JOB } from './modules/catalog/csv/import-job-name.ts';
import { catalogCsvRoutes } from './modules/catalog/csv/routes.ts';
import { catalogRoutes } from './modules/catalog/routes.ts';
import { customerRoutes } from './modules/customers/routes.ts';
import { giftCardRoutes } from './modules/gift-cards/routes.ts';
import { createAuthJs } from './modules/identity/authjs.ts';
import { authJsRoutes } from './modules/identity/authjs-routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { stockCountRoutes } from './modules/inventory/count-routes.ts';
import { purchaseOrderRoutes } from './modules/inventory/purchase-order-routes.ts';
import { inventoryRoutes } from './modules/inventory/routes.ts';
import { supplierRoutes } from './modules/inventory/supplier-routes.ts';
import { transferRoutes } from './modules/inventory/transfer-routes.ts';
import {
  CARD_REFUND_JOB,
  cardRefundJob,
  enqueueCardRefunds,
} from './modules/payments/card-refunds.ts';
import { cardPaymentRoutes } from './modules/payments/card-routes.ts';
import { createPluginHost } from './modules/plugins/host.ts';
import { INSTALLED_PLUGINS } from './modules/plugins/installed.ts';
import { pluginRoutes } from './modules/plugins/routes.ts';
import { pluginWebhookRoutes } from './modules/plugins/webhook-routes.ts';
import type { WebhookSinks } from './modules/plugins/webhook-sink.ts';
import { createMailer, smtpSecrets } from './modules/receipt-emails/mailer.ts';
import { resumeQueuedReceiptEmails } from './modules/receipt-emails/resume.ts';
import { receiptEmailRoutes } from './modules/receipt-emails/routes.ts';
import {
  enqueueReceiptEmails,
  RECEIPT_EMAIL_JOB,
  receiptEmailJob,
} from './modules/receipt-emails/sender.ts';
import { receiptRoutes } from './modules/receipts/routes.ts';
import { Receipt } from './modules/receipts/schemas.ts';
import { exchangeRoutes } from './modules/sales/exchange-routes.ts';
import { refundRoutes } from './modules/sales/refund-routes.ts';
import { saleRoutes } from './modules/sales/sale-routes.ts';
import { salesSettingsRoutes } from './modules/sales/settings-routes.ts';
import { categoryRateRoutes } from './modules/tax/category-rate-routes.ts';
import { taxRateRoutes } from './modules/tax/rate-routes.ts';
import { taxTableRoutes } from './modules/tax/tax-table-routes.ts';
import { tenancyRoutes } from './modules/tenancy/routes.ts';
import { createServices, type Services } from './services.ts';

export interface AppDependencies {
  readonly config: PlatformConfig;
  readonly db: Database;
  /** null in embedded mode: rate limits are kept in memory. */
  readonly redis: Redis | null;
  readonly authSecret: string;
  /** Separates rate-limit counters of app instances sharing one Redis (tests, blue/green). */
  readonly rateLimitNamespace?: string;
  /** BullMQ key prefix; tests give each run its own. */
  readonly queuePrefix?: string;
  /** The plugins to register; default: the ones this build carries (tests bring their own). */
  readonly plugins?: readonly AnyPlugin[];
  /** Where verified webhook events are applied; default: recorded and ignored. */
  readonly webhookSinks?: WebhookSinks;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Builds the whole platform; the server entry and every test use this same factory. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config, db, redis, authSecret } = deps;
  const production = config.env === 'production';
  // Only named proxies may set the client address (it keys rate limits and the audit trail).
  const hops = config.trustProxy;
  const trustProxy: FastifyServerOptions['trustProxy'] =
    typeof hops === 'number'
      ? (_address: string, hop: number) => hop < hops
      : hops === false
        ? false
        : [...hops];
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    // false: with a header name set, Fastify would take the header verbatim and only call genReqId
    // when it is absent. genReqId reads x-request-id itself so an insane value is always replaced.
    requestIdHeader: false,
    // Keep a caller's id when it is sane (so a register's logs line up with ours), else make one.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Only named proxies may set the client address (it keys rate limits and the audit trail).
    trustProxy,
    bodyLimit: 1_048_576,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installValidation(app);
  app.addSchema(ErrorResponse);
  app.addSchema(Receipt);
  // JSON only: Fastify's default text/plain parser would let form-style bodies through to routes.
  app.removeContentTypeParser('text/plain');
  await app.register(errorHandling);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The API docs and GraphiQL pages need inline bootstrapping; JSON responses are inert.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // The register talks to the hardware bridge on the store PC (127.0.0.1, any port).
        connectSrc: [
          "'self'",
          'http://127.0.0.1:*',
          'http://localhost:*',
          'ws://127.0.0.1:*',
          'ws://localhost:*',
        ],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: production,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    ...(redis ? { redis, nameSpace: `tillpoint-rl:${deps.rateLimitNamespace ?? 'main'}:` } : {}),
  });

  const bus = createEventBus(config.redisUrl);
  const outbox = new Outbox();
  const logJobFailure = (message: string, error?: unknown) => app.log.warn({ err: error }, message);
  const jobs = config.redisUrl
    ? createBullmqQueue(config.redisUrl, deps.queuePrefix ?? 'tillpoint', logJobFailure)
    : createMemoryQueue(logJobFailure);
  const plugins = await createPluginHost({
    config,
    plugins: deps.plugins ?? INSTALLED_PLUGINS,
    logger: app.log,
  });
  const mailer = createMailer(config.mail, app.log);
  const services = createServices(db, { outbox, jobs, plugins, mailer });
  app.decorate('services', services);
  jobs.process(CATALOG_IMPORT_JOB, createCatalogImportJob(db));
  scheduleIdempotencyPurge(app, { db, jobs });
  jobs.process(CARD_REFUND_JOB, cardRefundJob(services.cardRefunds));
  const mailSecrets = config.mail?.kind === 'smtp' ? smtpSecrets(config.mail.url) : [];
  jobs.process(RECEIPT_EMAIL_JOB, receiptEmailJob(db, mailer, mailSecrets));
  // The in-process queue starts empty: pick up the emails an earlier run left queued.
  if (!config.redisUrl)
    void resumeQueuedReceiptEmails(db, jobs).catch((error: unknown) =>
      app.log.warn({ err: error }, 'could not resume queued receipt emails'),
    );
  const enqueueRefunds = enqueueCardRefunds(jobs);
  const enqueueEmails = enqueueReceiptEmails(jobs);
  const relay = startOutboxRelay({
    db,
    bus,
    outbox,
    logger: app.log,
    dispatch: async (event) => {
      await enqueueRefunds(event);
      await enqueueEmails(event);
    },
  });
  app.addHook('onClose', async () => {
    await relay.stop();
    await jobs.close();
    mailer?.close();
    await bus.close();
  });
  const publicOrigin = new URL(config.publicUrl).origin;
  const authJs = createAuthJs({
    secret: authSecret,
    secureCookies: config.publicUrl.startsWith('https:'),
    basePath: '/api/v1/auth',
    signIn: services.signIn,
    logWarning: (message) => app.log.info(message),
  });
  await app.register(authenticate, { authenticator: services.authenticator, authJs, authSecret });
  // After authenticate (keys are per tenant and actor), before the routes (documents the header).
  await app.register(idempotency, { db, secret: authSecret });

  await installOpenApi(app, config.publicUrl);
  await app.register(healthRoutes, {
    checks: [
      { name: 'database', check: () => db.ping() },
      ...(redis ? [{ name: 'redis', check: async () => void (await redis.ping()) }] : []),
    ],
  });
  await app.register(
    async (api) => {
      await api.register(authJsRoutes, { authJs, services, authSecret, publicOrigin });
      await api.register(tenancyRoutes, { services });
      await api.register(identityRoutes, { services, authSecret });
      await api.register(auditRoutes, { services });
      await api.register(catalogRoutes, { services });
      await api.register(catalogCsvRoutes, { services });
      await api.register(inventoryRoutes, { services });
      await api.register(stockCountRoutes, { services });
      await api.register(transferRoutes, { services });
      await api.register(supplierRoutes, { services });
      await api.register(purchaseOrderRoutes, { services });
      await api.register(cashRoutes, { services });
      await api.register(taxRateRoutes, { services });
      await api.register(categoryRateRoutes, { services });
      await api.register(taxTableRoutes, { services });
      await api.register(salesSettingsRoutes, { services });
      await api.register(customerRoutes, { services });
      await api.register(giftCardRoutes, { services });
      await api.register(saleRoutes, { services });
      await api.register(refundRoutes, { services });
      await api.register(exchangeRoutes, { services });
      await api.register(receiptRoutes, { services });
      await api.register(receiptEmailRoutes, { services });
      await api.register(cardPaymentRoutes, { services });
      await api.register(pluginRoutes, { services });
    },
    { prefix: '/api/v1' },
  );
  await app.register(pluginWebhookRoutes, {
    services,
    sinks: deps.webhookSinks ?? {
      payment: (ctx, installation, event) =>
        services.cardPayments.applyWebhookEvent(ctx, installation, event),
    },
  });
  await installGraphql(app, { services, production, bus, db });
  await registerApp(app, { root: config.registerDir });
  return app;
}
