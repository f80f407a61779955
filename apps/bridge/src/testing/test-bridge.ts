import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BridgeTiming,
  type RunningBridge,
  type StartBridgeOptions,
  startBridge,
} from '../bridge.ts';
import type { PrinterConfigInput } from '../config.ts';
import { pairBridge } from './bridge-client.ts';
import type { FakePrinter } from './fake-printer.ts';

/** Short pauses and timeouts so tests of retries and offline printers finish quickly. */
export const FAST_TIMING: BridgeTiming = {
  retryInitialMs: 20,
  retryMaxMs: 200,
  connectMs: 1_000,
  statusMs: 500,
  idleMs: 3_000,
};

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tillpoint-bridge-'));
}

export function printerEntry(
  printer: FakePrinter,
  settings: Omit<PrinterConfigInput, 'host' | 'port'> = {},
): PrinterConfigInput {
  return { name: 'receipt', host: printer.host, port: printer.port, ...settings };
}

export interface TestBridgeOptions {
  readonly printers: readonly PrinterConfigInput[];
  /** A fresh temporary folder when absent (removed by close()). */
  readonly dataDir?: string;
  readonly allowedOrigins?: readonly string[];
  readonly registerId?: string;
  readonly pair?: boolean;
  readonly timing?: Partial<BridgeTiming>;
  readonly limits?: StartBridgeOptions['limits'];
  readonly pairingPolicy?: StartBridgeOptions['pairingPolicy'];
}

export interface TestBridge {
  readonly bridge: RunningBridge;
  readonly url: string;
  readonly dataDir: string;
  readonly registerId: string;
  /** The bridge token; null when pairing was skipped (pair: false). */
  readonly token: string | null;
  /** Closes the bridge and removes a data folder it created. */
  close(): Promise<void>;
}

/** Starts a bridge on a temporary data folder and pairs it as register `registerId`. */
export async function startTestBridge(options: TestBridgeOptions): Promise<TestBridge> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeDataDir());
  const registerId = options.registerId ?? randomUUID();
  const bridge = await startBridge({
    config: {
      port: 0,
      dataDir,
      allowedOrigins: options.allowedOrigins ?? ['https://register.example.test'],
      printers: options.printers,
    },
    timing: { ...FAST_TIMING, ...options.timing },
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.pairingPolicy ? { pairingPolicy: options.pairingPolicy } : {}),
  });
  const token =
    options.pair === false || bridge.pairingCode() === null
      ? null
      : await pairBridge(bridge, registerId);
  return {
    bridge,
    url: bridge.url,
    dataDir,
    registerId,
    token,
    async close() {
      await bridge.close();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
