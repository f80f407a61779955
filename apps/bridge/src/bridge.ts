import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import packageJson from '../package.json' with { type: 'json' };
import { type BridgeConfig, type BridgeConfigInput, parseConfig } from './config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { createEventBus } from './events.ts';
import { attachEventSocket } from './http/event-socket.ts';
import { createRequestHandler, type HttpLimits } from './http/routes.ts';
import { createJobStore } from './jobs/job-store.ts';
import { createPrintQueue, type QueueLimits } from './jobs/print-queue.ts';
import { type BridgeLogger, silentLogger } from './logger.ts';
import { createPairing, type PairingCode, type PairingPolicy } from './pairing.ts';
import type { LinkTimeouts } from './printing/printer-link.ts';
import type { RetryTiming } from './printing/printer-worker.ts';
import type { BridgeStatus } from './status.ts';

export const BRIDGE_VERSION: string = packageJson.version;

export interface BridgeTiming extends RetryTiming, LinkTimeouts {}

export interface BridgeLimits extends QueueLimits, HttpLimits {
  readonly maxEventClients: number;
}

export const DEFAULT_TIMING: BridgeTiming = {
  retryInitialMs: 500,
  retryMaxMs: 10_000,
  connectMs: 3_000,
  statusMs: 1_500,
  idleMs: 15_000,
};

export const DEFAULT_LIMITS: BridgeLimits = {
  maxJobBytes: 512 * 1024,
  // base64 grows the bytes by 4/3; the rest is room for the other fields.
  maxBodyBytes: 720 * 1024,
  maxQueuedPerPrinter: 1000,
  finishedJobsKept: 10_000,
  maxEventClients: 16,
};

export const DEFAULT_PAIRING_POLICY: PairingPolicy = {
  codeTtlMs: 10 * 60_000,
  maxFailures: 5,
  cooldownMs: 60_000,
};

export interface StartBridgeOptions {
  /** Validated here as well, so a config that did not come from a file is checked too. */
  readonly config: BridgeConfigInput;
  /** Folder a relative dataDir is resolved against; the working directory by default. */
  readonly configBaseDir?: string;
  /** Open pairing even though a register is paired (the --pair flag): the next pairing replaces it. */
  readonly pair?: boolean;
  readonly logger?: BridgeLogger;
  readonly timing?: Partial<BridgeTiming>;
  readonly limits?: Partial<BridgeLimits>;
  readonly pairingPolicy?: Partial<PairingPolicy>;
  /** Told each pairing code as it is made (the CLI prints it). */
  readonly onPairingCode?: (code: PairingCode) => void;
}

export interface RunningBridge {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly config: BridgeConfig;
  /** The current pairing code, or null when pairing is closed. */
  pairingCode(): string | null;
  status(): BridgeStatus;
  /** Stops taking requests, lets a job being sent finish, and releases the data folder. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      const code = (error as { code?: unknown }).code;
      reject(
        code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is already in use; is the bridge already running?`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts the hardware bridge: the print queue, the HTTP API and the /events WebSocket. */
export async function startBridge(options: StartBridgeOptions): Promise<RunningBridge> {
  const config = parseConfig(
    options.config,
    options.configBaseDir ?? process.cwd(),
    'bridge options',
  );
  const logger = options.logger ?? silentLogger;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  await mkdir(config.dataDir, { recursive: true });
  const lock = await lockDataDir(config.dataDir);

  const events = createEventBus();
  const store = createJobStore(config.dataDir, logger);
  const queue = createPrintQueue({
    printers: config.printers,
    store,
    timing,
    limits,
    events,
    logger,
  });
  const pairing = createPairing({
    dataDir: config.dataDir,
    repair: options.pair ?? false,
    policy: { ...DEFAULT_PAIRING_POLICY, ...options.pairingPolicy },
    logger,
    // Codes are announced once the bridge listens, so the first one follows the address.
    onCode: (code) => {
      if (announceCodes) options.onPairingCode?.(code);
    },
  });
  let announceCodes = false;
  const status = (): BridgeStatus => ({
    version: BRIDGE_VERSION,
    paired: pairing.paired(),
    pairingOpen: pairing.currentCode() !== null,
    printers: queue.printers(),
    jobs: queue.counts(),
  });

  let port = config.port;
  const server = createServer(
    createRequestHandler({
      config,
      queue,
      pairing,
      limits,
      logger,
      port: () => port,
      status,
    }),
  );
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  try {
    await pairing.load();
    await queue.start();
    port = await listen(server, config.port, config.host);
  } catch (error) {
    pairing.close();
    await queue.stop();
    await lock.release();
    throw error;
  }
  const eventSocket = attachEventSocket({
    server,
    port: () => port,
    allowedOrigins: config.allowedOrigins,
    pairing,
    events,
    snapshot: status,
    maxClients: limits.maxEventClients,
    authTimeoutMs: 5_000,
  });
  const url = `http://${config.host}:${port}`;
  logger.info(`Tillpoint bridge ${BRIDGE_VERSION} listening on ${url}`);
  announceCodes = true;
  const firstCode = pairing.currentCode();
  if (firstCode) options.onPairingCode?.(firstCode);

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    config,
    pairingCode: () => pairing.currentCode()?.code ?? null,
    status,
    close() {
      closing ??= (async () => {
        eventSocket.close();
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await serverClosed;
        await queue.stop();
        pairing.close();
        await lock.release();
        logger.info('Bridge stopped');
      })();
      return closing;
    },
  };
}
