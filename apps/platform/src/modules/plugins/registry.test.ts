import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { INSTALLED_PLUGINS } from './installed.ts';
import { createPluginRegistry } from './registry.ts';
import { testPayPlugin, testPrintPlugin } from './test-plugins.ts';

describe('plugin registry', () => {
  it('refuses two plugins with one key at boot', () => {
    const impostor: AnyPlugin = { ...testPayPlugin, name: 'Another TestPay' };
    expect(() => createPluginRegistry([testPayPlugin, impostor])).toThrow(
      /Two plugins are registered with the key "payment-testpay"/,
    );
  });

  it('refuses a plugin whose settings schema cannot be compiled', () => {
    const broken: AnyPlugin = {
      ...testPrintPlugin,
      key: 'printer-badschema',
      configSchema: Type.Object({ width: Type.Integer({ minimum: 'wide' as unknown as number }) }),
    };
    expect(() => createPluginRegistry([broken])).toThrow(
      /printer-badschema has an invalid configSchema/,
    );
  });

  it('checks settings with defaults filled in, every problem named, the input untouched', () => {
    const registry = createPluginRegistry([testPayPlugin]);
    const input = {
      endpoint: 'http://127.0.0.1:1',
      accountId: 'acct_1',
      apiKey: 'sk_test_12345678',
    };
    expect(registry.validate(testPayPlugin, input)).toEqual({
      ok: true,
      config: { ...input, statementName: 'TILLPOINT' },
    });
    expect(input).not.toHaveProperty('statementName');
    const refused = registry.validate(testPayPlugin, { endpoint: 42, extra: true });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues.map((issue) => issue.path).sort()).toEqual([
      '/accountId',
      '/apiKey',
      '/endpoint',
      '/extra',
    ]);
  });

  it('registers the plugins this build carries, one per kind', () => {
    const registry = createPluginRegistry(INSTALLED_PLUGINS);
    expect(registry.all().map((plugin) => [plugin.kind, plugin.key])).toEqual([
      ['accounting', 'accounting-csv'],
      ['payment', 'payment-stripe'],
      ['printer', 'printer-escpos'],
    ]);
  });
});
