import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig, resolvePrinter } from './config.ts';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseConfig(raw, '/srv/bridge');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the bridge configuration', () => {
  it('fills in defaults and resolves dataDir against the config folder', () => {
    const config = parseConfig(
      {
        port: 8484,
        dataDir: './data',
        allowedOrigins: ['https://pos.example.com'],
        printers: [
          { name: 'front', host: '192.168.1.50' },
          { name: 'receipt', host: 'printer.lan', port: 9101, drawerPin: 5, statusQuery: true },
        ],
      },
      '/srv/bridge',
    );
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 8484,
      dataDir: '/srv/bridge/data',
      allowedOrigins: ['https://pos.example.com'],
      printers: [
        { name: 'front', host: '192.168.1.50', port: 9100, drawerPin: 2, statusQuery: false },
        { name: 'receipt', host: 'printer.lan', port: 9101, drawerPin: 5, statusQuery: true },
      ],
    });
    // "receipt" is the printer named so, else the first one.
    expect(resolvePrinter(config, 'receipt')?.host).toBe('printer.lan');
    expect(resolvePrinter(config, 'front')?.host).toBe('192.168.1.50');
    expect(resolvePrinter(config, 'bar')).toBeUndefined();
  });

  it('lists every problem at once, in words a person can act on', () => {
    const problems = problemsOf({
      host: '0.0.0.0',
      port: 70000,
      allowedOrigins: ['https://pos.example.com/register', 'pos.example.com'],
      printers: [
        { name: 'front', host: '192.168.1.50', drawerpin: 2 },
        { name: 'front', host: '', port: 0, drawerPin: 3, statusQuery: 'yes' },
      ],
      prnters: [],
    });
    expect(problems).toEqual([
      'the configuration has an unknown setting "prnters"',
      expect.stringMatching(/^host must be 127\.0\.0\.1 \(got "0\.0\.0\.0"\)/),
      'port must be a TCP port 1-65535',
      'dataDir must name the folder for the print queue, e.g. "./data"',
      expect.stringMatching(/^allowedOrigins\[0\] must be an origin/),
      expect.stringMatching(/^allowedOrigins\[1\] must be an origin/),
      'printers[0] has an unknown setting "drawerpin"',
      'printers[1].name "front" is used by another printer',
      "printers[1].host must be the printer's IP address or host name",
      'printers[1].port must be a TCP port 1-65535 (network printers use 9100)',
      'printers[1].drawerPin must be 2 or 5',
      'printers[1].statusQuery must be true or false',
    ]);
    expect(problemsOf({ port: 1, dataDir: 'd', allowedOrigins: [], printers: [] })).toEqual([
      'printers must list at least one printer',
    ]);
    expect(problemsOf('not an object')).toEqual(['the configuration must be a JSON object']);
  });

  it('reads a file and says which file is wrong and why', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tillpoint-bridge-config-'));
    folders.push(folder);
    const path = join(folder, 'bridge.json');
    await writeFile(path, '{"port": 8484,');
    await expect(loadConfigFile(path)).rejects.toThrow(/bridge\.json[\s\S]*not valid JSON/);
    await expect(loadConfigFile(join(folder, 'missing.json'))).rejects.toThrow(/cannot read/);
    await writeFile(
      path,
      JSON.stringify({
        port: 0,
        dataDir: 'queue',
        allowedOrigins: [],
        printers: [{ name: 'receipt', host: '10.0.0.9' }],
      }),
    );
    expect((await loadConfigFile(path)).dataDir).toBe(join(folder, 'queue'));
  });
});
