import type { PluginContext, PluginFetch, PluginKeyValueStore, PluginLogger } from '../context.ts';

// A plugin context for contract tests and plugin unit tests: an in-memory key-value store and a
// logger that keeps what was logged. The HTTP client is the real fetch with a time limit (tests
// point plugins at fakes on 127.0.0.1, never at mocks of fetch).

export interface RecordingLogger extends PluginLogger {
  readonly entries: { level: string; details: Record<string, unknown>; message: string }[];
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  const log = (level: string) => (details: Record<string, unknown>, message: string) => {
    entries.push({ level, details, message });
  };
  return {
    entries,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}

export function memoryKeyValueStore(): PluginKeyValueStore {
  const values = new Map<string, string>();
  return {
    async get<T>(key: string) {
      const raw = values.get(key);
      return raw === undefined ? null : (JSON.parse(raw) as T);
    },
    async set(key, value) {
      values.set(key, JSON.stringify(value));
    },
    async delete(key) {
      values.delete(key);
    },
  };
}

export function timedFetch(timeoutMs: number): PluginFetch {
  return (input, init) =>
    fetch(input, {
      ...init,
      signal: init?.signal
        ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs),
    });
}

export function testPluginContext(overrides: Partial<PluginContext> = {}): PluginContext {
  const timeoutMs = 5_000;
  return {
    logger: recordingLogger(),
    http: { fetch: timedFetch(timeoutMs), timeoutMs },
    tenant: {
      id: '00000000-0000-7000-8000-000000000001',
      name: 'Contract Test Retail',
      currency: 'USD',
      country: 'US',
      timezone: 'America/Chicago',
    },
    store: {
      id: '00000000-0000-7000-8000-000000000002',
      name: 'Main Street',
      timezone: 'America/Chicago',
    },
    kv: memoryKeyValueStore(),
    webhookUrl: 'http://127.0.0.1:9/plugins/test/00000000-0000-7000-8000-000000000003',
    ...overrides,
  };
}
