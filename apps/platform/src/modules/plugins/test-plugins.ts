// Plugins for the plugin host's tests: a well-behaved payment plugin talking to a fake vendor on
// 127.0.0.1 (TestPay), one that hangs (SlowPay), one that fails in every way a plugin can
// (BrokenPay), a printer with a synchronous failure and an accounting plugin whose create throws.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AnyPlugin,
  definePlugin,
  ESC_POS_CONTENT_TYPE,
  type PaymentAdapter,
  type PaymentSnapshot,
  type PaymentWebhookEvent,
  PluginError,
  type PrintJobBytes,
} from '@tillpoint/plugin-sdk';
import { Type } from 'typebox';

export const TESTPAY_SIGNATURE_HEADER = 'x-testpay-signature';

export function signTestPay(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function snapshot(paymentId: string, status: PaymentSnapshot['status']): PaymentSnapshot {
  return {
    paymentId,
    providerPaymentId: `tp_${paymentId.slice(-12)}`,
    status,
    amountMinor: 1000,
    capturedMinor: status === 'succeeded' ? 1000 : 0,
    currency: 'USD',
    failure: null,
    card: status === 'succeeded' ? { brand: 'visa', last4: '4242' } : null,
  };
}

/** Shared by the payment test plugins: whatever a method needs but the test does not look at. */
function quietPaymentAdapter(overrides: Partial<PaymentAdapter>): PaymentAdapter {
  return {
    capabilities: { cardPresent: true, storeAndForward: null, partialRefunds: true },
    testConnection: async () => ({ ok: true, message: 'Connected.' }),
    startPayment: async (request) => snapshot(request.paymentId, 'pending'),
    getPayment: async (reference) => snapshot(reference.paymentId, 'pending'),
    capture: async (reference) => snapshot(reference.paymentId, 'succeeded'),
    cancel: async (reference) => snapshot(reference.paymentId, 'canceled'),
    refund: async (request) => ({
      refundId: request.refundId,
      providerRefundId: `tr_${request.refundId.slice(-12)}`,
      paymentId: request.paymentId,
      status: 'succeeded',
      amountMinor: request.amountMinor,
      failure: null,
    }),
    readerStatus: async (readerId) => ({ readerId, online: true, busy: false, label: null }),
    parseWebhook: async () => {
      throw new PluginError('webhook.bad_signature', 'This plugin takes no webhooks.');
    },
    ...overrides,
  };
}

export const testPayPlugin = definePlugin({
  key: 'payment-testpay',
  kind: 'payment',
  version: '1.2.0',
  name: 'TestPay',
  description: 'Card payments through the TestPay fake processor.',
  configSchema: Type.Object(
    {
      endpoint: Type.String({ format: 'uri', description: 'TestPay API base URL' }),
      accountId: Type.String({ pattern: '^acct_[a-z0-9]+$' }),
      apiKey: Type.String({ pattern: '^sk_[A-Za-z0-9_]{8,}$' }),
      webhookSecret: Type.Optional(Type.String({ minLength: 8 })),
      statementName: Type.Optional(Type.String({ maxLength: 22, default: 'TILLPOINT' })),
    },
    { additionalProperties: false },
  ),
  secretFields: ['apiKey', 'webhookSecret'],
  create(ctx, config) {
    return quietPaymentAdapter({
      async testConnection() {
        let response: Response;
        try {
          response = await ctx.http.fetch(`${config.endpoint}/v1/accounts/${config.accountId}`, {
            headers: { authorization: `Bearer ${config.apiKey}` },
          });
        } catch (error) {
          throw new PluginError('plugin.unreachable', 'TestPay could not be reached.', {
            retryable: true,
            cause: error,
          });
        }
        if (response.status === 401)
          throw new PluginError('plugin.unauthorized', 'TestPay refused the API key.');
        const account = (await response.json()) as { id: string };
        const checks = ((await ctx.kv.get<number>('connection-checks')) ?? 0) + 1;
        await ctx.kv.set('connection-checks', checks);
        ctx.logger.info({ checks }, 'connection checked');
        return {
          ok: true,
          message: `Connected to TestPay account ${account.id} for ${ctx.tenant.name}.`,
          details: { checks, statementName: config.statementName, webhookUrl: ctx.webhookUrl },
        };
      },
      async startPayment(request) {
        if (request.amountMinor === 402)
          throw new PluginError('payment.declined', 'Card declined: insufficient funds.', {
            details: { declineCode: 'insufficient_funds' },
          });
        return {
          ...snapshot(request.paymentId, 'pending'),
          amountMinor: request.amountMinor,
          currency: request.currency,
        };
      },
      async parseWebhook(request): Promise<PaymentWebhookEvent> {
        const presented = request.headers[TESTPAY_SIGNATURE_HEADER] ?? '';
        const expected = signTestPay(config.webhookSecret ?? '', Buffer.from(request.rawBody));
        if (
          !config.webhookSecret ||
          presented.length !== expected.length ||
          !timingSafeEqual(Buffer.from(presented), Buffer.from(expected))
        )
          throw new PluginError('webhook.bad_signature', 'The TestPay signature does not match.');
        const body = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as {
          id: string;
          type: string;
          paymentId?: string;
        };
        if (body.type === 'payment.succeeded' && body.paymentId)
          return {
            type: 'payment',
            eventId: body.id,
            payment: snapshot(body.paymentId, 'succeeded'),
          };
        return { type: 'ignored', eventId: body.id, reason: `TestPay event ${body.type}` };
      },
    });
  },
});

export const slowPayPlugin = definePlugin({
  key: 'payment-slowpay',
  kind: 'payment',
  version: '0.1.0',
  name: 'SlowPay',
  description: 'A processor that never answers.',
  configSchema: Type.Object({ endpoint: Type.String({ format: 'uri' }) }),
  secretFields: [],
  create(ctx, config) {
    return quietPaymentAdapter({
      // Asks a vendor that accepts the connection and never answers.
      async testConnection() {
        await ctx.http.fetch(`${config.endpoint}/hang`);
        return { ok: true, message: 'unreachable' };
      },
      startPayment: () => new Promise<never>(() => {}),
    });
  },
});

export const brokenPayPlugin = definePlugin({
  key: 'payment-brokenpay',
  kind: 'payment',
  version: '0.1.0',
  name: 'BrokenPay',
  description: 'A processor plugin with every kind of bug.',
  configSchema: Type.Object({ apiKey: Type.String({ minLength: 8 }) }),
  secretFields: ['apiKey'],
  create(_ctx, config) {
    return quietPaymentAdapter({
      testConnection() {
        throw new TypeError(`cannot read properties of undefined (key ${config.apiKey})`);
      },
      // Rejects long after the host stopped waiting: must not become an unhandled rejection.
      startPayment: () =>
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`late failure ${config.apiKey}`)), 1_500),
        ),
      capture: async () => {
        throw new Error(`socket hang up near ${config.apiKey}`);
      },
      getPayment: async () => {
        throw new PluginError('payment.declined', 'Card declined: insufficient funds.');
      },
      cancel: async () => {
        throw new PluginError('payment.reader_unavailable', 'The reader is offline.', {
          retryable: true,
        });
      },
      // A plugin may not speak for the platform's own error families.
      refund: async () => {
        throw new PluginError('auth.forbidden', 'pretend to be the platform');
      },
    });
  },
});

export const testPrintPlugin = definePlugin({
  key: 'printer-testprint',
  kind: 'printer',
  version: '2.0.0',
  name: 'TestPrint',
  description: 'Receipts for the TestPrint printer.',
  configSchema: Type.Object({
    paperWidthMm: Type.Union([Type.Literal(58), Type.Literal(80)], { default: 80 }),
  }),
  secretFields: [],
  create(_ctx, config) {
    const job = (text: string): PrintJobBytes => ({
      contentType: ESC_POS_CONTENT_TYPE,
      bytes: new TextEncoder().encode(text),
      opensDrawer: false,
    });
    return {
      columns: config.paperWidthMm === 58 ? 32 : 48,
      paperWidthMm: config.paperWidthMm,
      testConnection: async () => ({ ok: true, message: 'Printer format ready.' }),
      renderReceipt: () => job('receipt'),
      renderCashReport: () => job('cash report'),
      renderTestPage: (storeName) => job(`test page for ${storeName}`),
      openDrawer: () => {
        throw new RangeError('drawer pulse out of range');
      },
    };
  },
});

export const brokenBooksPlugin = definePlugin({
  key: 'accounting-brokenbooks',
  kind: 'accounting',
  version: '0.0.1',
  name: 'BrokenBooks',
  description: 'Accounting plugin whose create() throws.',
  configSchema: Type.Object({}),
  secretFields: [],
  create() {
    throw new Error('BrokenBooks failed to start');
  },
});

export const TEST_PLUGINS: readonly AnyPlugin[] = [
  testPayPlugin,
  slowPayPlugin,
  brokenPayPlugin,
  testPrintPlugin,
  brokenBooksPlugin,
];

/** The fake TestPay API: one account, one accepted API key, and /hang, which never answers. */
export interface FakeTestPay {
  readonly url: string;
  readonly requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startFakeTestPay(apiKey: string, accountId: string): Promise<FakeTestPay> {
  const requests: FakeTestPay['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    requests.push({
      method: request.method ?? 'GET',
      path,
      authorization: request.headers.authorization,
    });
    if (path === '/hang') {
      hanging.add(response);
      return;
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end('{"error":"invalid_api_key"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id: accountId }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
