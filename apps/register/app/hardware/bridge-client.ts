// The hardware bridge on the store PC (apps/bridge): receipt printing and the cash drawer over
// its local HTTP API. Jobs carry ids chosen here, so sending one twice never prints twice.

export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:8484';
export const ESC_POS_CONTENT_TYPE = 'application/vnd.tillpoint.escpos';

export type PrinterState = 'unknown' | 'ready' | 'offline' | 'paper_out' | 'cover_open' | 'error';

export interface BridgePrinter {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly state: PrinterState;
  readonly queued: number;
  readonly lastError: string | null;
}

export interface BridgeStatus {
  readonly version: string;
  readonly paired: { registerId: string; registerName: string; pairedAt: string } | null;
  readonly pairingOpen: boolean;
  readonly printers: readonly BridgePrinter[];
  readonly jobs: {
    readonly queued: number;
    readonly printing: number;
    readonly printed: number;
    readonly failedPermanently: number;
  };
}

export type JobStatus = 'queued' | 'printing' | 'printed' | 'failed_permanently';

export interface BridgeJob {
  readonly jobId: string;
  readonly kind: 'print' | 'drawer';
  readonly printer: string;
  readonly status: JobStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly printedAt: string | null;
  readonly reprintOf: string | null;
}

export type BridgeEvent =
  | { readonly type: 'status'; readonly status: BridgeStatus }
  | { readonly type: 'printer'; readonly printer: BridgePrinter }
  | { readonly type: 'job'; readonly job: BridgeJob };

/** The bridge answered with an error ({code, message}), or could not be reached (status 0). */
export class BridgeError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
    this.status = status;
    this.code = code;
  }
}

export interface PrintJob {
  readonly jobId: string;
  readonly registerId: string;
  readonly bytes: Uint8Array;
  readonly printer?: string;
  readonly openDrawer?: boolean;
}

export interface BridgeClient {
  readonly url: string;
  pair(input: { code: string; registerId: string; registerName: string }): Promise<string>;
  status(): Promise<BridgeStatus>;
  print(job: PrintJob): Promise<BridgeJob>;
  openDrawer(input: { jobId: string; registerId: string; printer?: string }): Promise<BridgeJob>;
  job(jobId: string): Promise<BridgeJob>;
  /**
   * A deliberate copy of a job the bridge printed, from the bytes it kept, as a new job whose id
   * the register chooses (so a retry after a lost answer prints the copy once).
   */
  reprint(jobId: string, newJobId: string): Promise<BridgeJob>;
  /** Status pushes over WebSocket /events; returns a function that closes the socket. */
  events(onEvent: (event: BridgeEvent) => void, onClose?: () => void): () => void;
}

export interface BridgeClientOptions {
  readonly url: string;
  readonly token?: string | null;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly WebSocket?: typeof WebSocket;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let start = 0; start < bytes.length; start += chunk)
    binary += String.fromCharCode(...bytes.subarray(start, start + chunk));
  return btoa(binary);
}

/** The URL as typed, without a trailing slash; refuses what is not http(s). */
export function normalizeBridgeUrl(url: string): string {
  const parsed = new URL(url.trim());
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new BridgeError(0, 'bridge.url_invalid', 'The bridge address starts with http://');
  return parsed.origin;
}

export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const url = normalizeBridgeUrl(options.url);
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 5000;

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(`${url}${path}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new BridgeError(
        0,
        'bridge.unreachable',
        `The printer bridge at ${url} does not answer. Is it running on this computer?`,
      );
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const error = (parsed ?? {}) as { code?: string; message?: string };
      throw new BridgeError(
        response.status,
        error.code ?? 'bridge.error',
        error.message ?? `The bridge answered ${response.status}.`,
      );
    }
    return parsed as T;
  }

  return {
    url,
    async pair(input) {
      const reply = await call<{ bridgeToken: string }>('POST', '/pair', {
        code: input.code.trim(),
        registerId: input.registerId,
        registerName: input.registerName,
      });
      return reply.bridgeToken;
    },
    status: () => call<BridgeStatus>('GET', '/status'),
    print: (job) =>
      call<BridgeJob>('POST', '/print', {
        jobId: job.jobId,
        registerId: job.registerId,
        printer: job.printer ?? 'receipt',
        contentType: ESC_POS_CONTENT_TYPE,
        data: bytesToBase64(job.bytes),
        ...(job.openDrawer === undefined ? {} : { openDrawer: job.openDrawer }),
      }),
    openDrawer: (input) =>
      call<BridgeJob>('POST', '/drawer', {
        jobId: input.jobId,
        registerId: input.registerId,
        printer: input.printer ?? 'receipt',
      }),
    job: (jobId) => call<BridgeJob>('GET', `/jobs/${encodeURIComponent(jobId)}`),
    reprint: (jobId, newJobId) =>
      call<BridgeJob>('POST', `/jobs/${encodeURIComponent(jobId)}/reprint`, { jobId: newJobId }),
    events(onEvent, onClose) {
      const Socket = options.WebSocket ?? globalThis.WebSocket;
      const socketUrl = `${url.replace(/^http/, 'ws')}/events`;
      const socket = new Socket(socketUrl);
      // The token goes in the first message, not the URL, so it stays out of any access log.
      socket.addEventListener('open', () =>
        socket.send(JSON.stringify({ type: 'auth', token: options.token ?? '' })),
      );
      socket.addEventListener('message', (message: MessageEvent) => {
        try {
          onEvent(JSON.parse(String(message.data)) as BridgeEvent);
        } catch {
          // Not an event this register understands: ignore it.
        }
      });
      socket.addEventListener('close', () => onClose?.());
      return () => socket.close();
    },
  };
}
