// Setup shared by the plugin host's tests: an app with the test plugins and a short time limit,
// the fake TestPay vendor, and the tables the plugin module writes (for "refused without trace").
import { randomBytes } from 'node:crypto';
import { createTestApp, type Response, type Retailer, type TestApp } from '../../testing/index.ts';
import { refusalChecks, wholeRows } from '../../testing/refusals.ts';
import { type FakeTestPay, startFakeTestPay, TEST_PLUGINS } from './test-plugins.ts';
import type { WebhookSinks } from './webhook-sink.ts';

/** Short, so hanging plugins cost tests a second, yet long enough for a loaded CI machine. */
export const TEST_PLUGIN_TIMEOUT_MS = 1_000;

export function openPluginApp(webhookSinks?: WebhookSinks): Promise<TestApp> {
  return createTestApp({
    plugins: TEST_PLUGINS,
    env: { PLUGIN_TIMEOUT_MS: String(TEST_PLUGIN_TIMEOUT_MS) },
    ...(webhookSinks ? { webhookSinks } : {}),
  });
}

/** Secrets with a random part, so finding one anywhere can only mean it leaked. */
export interface TestPaySecrets {
  readonly apiKey: string;
  readonly webhookSecret: string;
  readonly accountId: string;
}

export function newTestPaySecrets(): TestPaySecrets {
  const random = randomBytes(8).toString('hex');
  return {
    apiKey: `sk_test_${random}Secret`,
    webhookSecret: `whsec_${randomBytes(12).toString('hex')}`,
    accountId: `acct_${random.slice(0, 10)}`,
  };
}

export async function startVendor(secrets: TestPaySecrets): Promise<FakeTestPay> {
  return startFakeTestPay(secrets.apiKey, secrets.accountId);
}

export function testPayConfig(vendor: FakeTestPay, secrets: TestPaySecrets) {
  return {
    endpoint: vendor.url,
    accountId: secrets.accountId,
    apiKey: secrets.apiKey,
    webhookSecret: secrets.webhookSecret,
  };
}

export interface InstalledPlugin {
  readonly id: string;
}

/** Saves a plugin's settings as the retailer's owner and, unless told not to, enables it. */
export async function installPlugin(
  retailer: Retailer,
  key: string,
  config: Record<string, unknown>,
  options: { enable?: boolean } = {},
): Promise<InstalledPlugin> {
  const saved = await retailer.owner.put<{ installation: { id: string } }>(
    `/api/v1/plugins/${key}/installation`,
    { config },
  );
  if (saved.status !== 200) throw new Error(`configure ${key}: ${JSON.stringify(saved.body)}`);
  if (options.enable !== false) {
    const enabled = await retailer.owner.post(`/api/v1/plugins/${key}/installation/enable`);
    if (enabled.status !== 200) throw new Error(`enable ${key}: ${JSON.stringify(enabled.body)}`);
  }
  return { id: saved.body.installation.id };
}

export const pluginTables = refusalChecks(
  wholeRows(['plugin_installations', 'plugin_kv', 'plugin_webhook_events', 'audit_events']),
);

/** Every answer's text, to prove a secret appears in none of them. */
export function textOf(responses: readonly Response<unknown>[]): string {
  return responses.map((response) => JSON.stringify(response.body)).join('\n');
}
