import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The only address the bridge listens on: the register runs in a browser on the same PC. */
export const LOOPBACK_HOST = '127.0.0.1';
export const DEFAULT_PRINTER_PORT = 9100;

/** The physical drawer connector pin: 2 (most drawers) or 5 (a second drawer). */
export type DrawerPin = 2 | 5;

export interface PrinterConfig {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly drawerPin: DrawerPin;
  /** Ask the printer for paper and cover state (DLE EOT) before each job. */
  readonly statusQuery: boolean;
}

export interface BridgeConfig {
  readonly host: typeof LOOPBACK_HOST;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Absolute path of the folder holding the print queue and the pairing. */
  readonly dataDir: string;
  /** Web origins (scheme://host[:port]) of the register allowed to call the bridge. */
  readonly allowedOrigins: readonly string[];
  /** The first printer is the receipt printer unless one is named "receipt". */
  readonly printers: readonly PrinterConfig[];
}

/** What a config file (or a caller of startBridge) may contain before validation. */
export interface BridgeConfigInput {
  readonly host?: string;
  readonly port?: number;
  readonly dataDir?: string;
  readonly allowedOrigins?: readonly string[];
  readonly printers?: readonly PrinterConfigInput[];
}

export interface PrinterConfigInput {
  readonly name?: string;
  readonly host?: string;
  readonly port?: number;
  readonly drawerPin?: number;
  readonly statusQuery?: boolean;
}

/** A config that cannot be used; `problems` holds one line per mistake, for the person fixing it. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`Invalid bridge configuration (${source}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const TOP_LEVEL_KEYS = new Set(['host', 'port', 'dataDir', 'allowedOrigins', 'printers']);
const PRINTER_KEYS = new Set(['name', 'host', 'port', 'drawerPin', 'statusQuery']);
const PRINTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPort(value: unknown, allowZero: boolean): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= (allowZero ? 0 : 1) &&
    value <= 65535
  );
}

function unknownKeys(value: Record<string, unknown>, known: Set<string>, where: string): string[] {
  // Unknown keys are reported because they are nearly always a misspelt setting.
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) => `${where} has an unknown setting "${key}"`);
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function parsePrinter(
  raw: unknown,
  index: number,
  problems: string[],
  names: Set<string>,
): PrinterConfig | null {
  const where = `printers[${index}]`;
  if (!isRecord(raw)) {
    problems.push(`${where} must be an object like {"name": "receipt", "host": "192.168.1.50"}`);
    return null;
  }
  problems.push(...unknownKeys(raw, PRINTER_KEYS, where));
  const { name, host, port, drawerPin, statusQuery } = raw;
  const before = problems.length;
  if (typeof name !== 'string' || !PRINTER_NAME.test(name)) {
    problems.push(`${where}.name must be 1-32 letters, digits, "-" or "_"`);
  } else if (names.has(name)) {
    problems.push(`${where}.name "${name}" is used by another printer`);
  } else {
    names.add(name);
  }
  if (typeof host !== 'string' || host.trim() === '' || /\s/.test(host)) {
    problems.push(`${where}.host must be the printer's IP address or host name`);
  }
  if (port !== undefined && !isPort(port, false)) {
    problems.push(`${where}.port must be a TCP port 1-65535 (network printers use 9100)`);
  }
  if (drawerPin !== undefined && drawerPin !== 2 && drawerPin !== 5) {
    problems.push(`${where}.drawerPin must be 2 or 5`);
  }
  if (statusQuery !== undefined && typeof statusQuery !== 'boolean') {
    problems.push(`${where}.statusQuery must be true or false`);
  }
  if (problems.length > before) return null;
  return {
    name: name as string,
    host: host as string,
    port: (port as number | undefined) ?? DEFAULT_PRINTER_PORT,
    drawerPin: (drawerPin as DrawerPin | undefined) ?? 2,
    statusQuery: (statusQuery as boolean | undefined) ?? false,
  };
}

/**
 * Validates a configuration and fills in defaults. `baseDir` resolves a relative dataDir (the
 * config file's folder). Throws ConfigError listing every problem at once.
 */
export function parseConfig(raw: unknown, baseDir: string, source = 'config'): BridgeConfig {
  if (!isRecord(raw)) throw new ConfigError(source, ['the configuration must be a JSON object']);
  const problems = unknownKeys(raw, TOP_LEVEL_KEYS, 'the configuration');
  const { host, port, dataDir, allowedOrigins, printers } = raw;
  if (host !== undefined && host !== LOOPBACK_HOST) {
    problems.push(
      `host must be ${LOOPBACK_HOST} (got ${JSON.stringify(host)}): the bridge drives the cash drawer and only answers this computer`,
    );
  }
  if (!isPort(port, true)) problems.push('port must be a TCP port 1-65535');
  if (typeof dataDir !== 'string' || dataDir.trim() === '') {
    problems.push('dataDir must name the folder for the print queue, e.g. "./data"');
  }
  const origins: string[] = [];
  if (!Array.isArray(allowedOrigins)) {
    problems.push(
      'allowedOrigins must list the register web addresses, e.g. ["https://pos.example.com"]',
    );
  } else {
    for (const [index, origin] of allowedOrigins.entries()) {
      if (typeof origin === 'string' && isOrigin(origin)) origins.push(origin);
      else {
        problems.push(
          `allowedOrigins[${index}] must be an origin like "https://pos.example.com" (no path, no trailing slash)`,
        );
      }
    }
  }
  const parsedPrinters: PrinterConfig[] = [];
  if (!Array.isArray(printers) || printers.length === 0) {
    problems.push('printers must list at least one printer');
  } else {
    const names = new Set<string>();
    for (const [index, printer] of printers.entries()) {
      const parsed = parsePrinter(printer, index, problems, names);
      if (parsed) parsedPrinters.push(parsed);
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return {
    host: LOOPBACK_HOST,
    port: port as number,
    dataDir: resolve(baseDir, dataDir as string),
    allowedOrigins: origins,
    printers: parsedPrinters,
  };
}

/** Reads and validates a JSON config file; a relative dataDir is taken from the file's folder. */
export async function loadConfigFile(path: string): Promise<BridgeConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(absolute, [`cannot read the file: ${reason}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(absolute, [`the file is not valid JSON: ${reason}`]);
  }
  return parseConfig(raw, dirname(absolute), absolute);
}

/** The printer a request names: a configured name, or "receipt" for the receipt printer. */
export function resolvePrinter(config: BridgeConfig, requested: string): PrinterConfig | undefined {
  const named = config.printers.find((printer) => printer.name === requested);
  if (named) return named;
  return requested === 'receipt' ? config.printers[0] : undefined;
}
