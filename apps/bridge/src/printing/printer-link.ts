import { connect, type Socket } from 'node:net';
import {
  interpretStatus,
  type PrinterState,
  STATUS_REQUESTS,
  type StatusReplies,
  statusRequest,
} from './escpos.ts';

export interface LinkTimeouts {
  /** How long a printer may take to accept the TCP connection before it counts as offline. */
  readonly connectMs: number;
  /** How long to wait for each DLE EOT status reply. */
  readonly statusMs: number;
  /** How long the printer may stop taking data (or not close after the job) before giving up. */
  readonly idleMs: number;
}

export interface PrinterSend {
  readonly host: string;
  readonly port: number;
  readonly statusQuery: boolean;
  /** The job's bytes; null only checks that the printer is reachable (and its status). */
  readonly bytes: Uint8Array | null;
  readonly timeouts: LinkTimeouts;
}

export type SendOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly state: Exclude<PrinterState, 'unknown' | 'ready'>;
      readonly error: string;
    };

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// Status replies are a handful of bytes; anything the printer sends beyond that (automatic
// status back, say) is dropped so a chatty printer cannot grow memory.
const MAX_BUFFERED_REPLY_BYTES = 64;

class LinkFailure extends Error {
  readonly state: Exclude<PrinterState, 'unknown' | 'ready'>;

  constructor(state: Exclude<PrinterState, 'unknown' | 'ready'>, message: string) {
    super(message);
    this.state = state;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown, address: string): string {
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return `${address} refused the connection (printer switched off or wrong port?)`;
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `${address} cannot be reached on the network (cable, Wi-Fi or IP address?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the printer host name of ${address} cannot be resolved`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${address} dropped the connection`;
    default:
      return `${address}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  const address = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const onError = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      const state = UNREACHABLE_CODES.has(errorCode(error) ?? '') ? 'offline' : 'error';
      reject(new LinkFailure(state, describe(error, address)));
    };
    const timer = setTimeout(() => {
      socket.off('error', onError);
      socket.on('error', () => {});
      socket.destroy();
      reject(new LinkFailure('offline', `${address} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** One open printer connection: read status bytes, then hand over a job and wait for the close. */
function usePrinterConnection(socket: Socket, address: string) {
  let failure: Error | null = null;
  let closed = false;
  let finished = false;
  let peerEndedEarly = false;
  const replies: number[] = [];
  const wakers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of wakers) wake();
  };

  socket.on('data', (chunk: Buffer) => {
    for (const byte of chunk) {
      if (replies.length < MAX_BUFFERED_REPLY_BYTES) replies.push(byte);
    }
    wakeAll();
  });
  socket.on('error', (error) => {
    failure ??= error;
  });
  socket.on('finish', () => {
    finished = true;
  });
  socket.on('end', () => {
    // The printer hung up before we finished sending: some of the job never reached it.
    if (!finished) peerEndedEarly = true;
  });
  socket.on('close', () => {
    closed = true;
    wakeAll();
  });

  function waitForChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      wakers.add(done);
    });
  }

  async function readByte(timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const byte = replies.shift();
      if (byte !== undefined) return byte;
      const left = deadline - Date.now();
      if (closed || left <= 0) return null;
      await waitForChange(left);
    }
  }

  async function queryStatus(timeoutMs: number): Promise<StatusReplies> {
    const answers: number[] = [];
    for (const n of [
      STATUS_REQUESTS.printer,
      STATUS_REQUESTS.offlineCause,
      STATUS_REQUESTS.paperRoll,
    ]) {
      socket.write(statusRequest(n));
      const answer = await readByte(timeoutMs);
      if (answer === null) {
        throw new LinkFailure(
          'error',
          `${address} did not answer the status query within ${timeoutMs} ms (turn statusQuery off if this printer does not support it)`,
        );
      }
      answers.push(answer);
    }
    const [printer = 0, offlineCause = 0, paperRoll = 0] = answers;
    return { printer, offlineCause, paperRoll };
  }

  /** Resolves only when every byte was handed over and the connection closed without error. */
  function sendAndClose(bytes: Uint8Array | null, idleMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        if (failure) reject(new LinkFailure('error', describe(failure, address)));
        else if (peerEndedEarly || !finished) {
          reject(
            new LinkFailure('error', `${address} closed the connection before taking the job`),
          );
        } else resolve();
      };
      if (closed) {
        settle();
        return;
      }
      socket.setTimeout(idleMs, () => {
        failure ??= new Error(`the printer stopped taking data for ${idleMs} ms`);
        socket.destroy();
      });
      socket.once('close', settle);
      if (bytes) socket.end(bytes);
      else socket.end();
    });
  }

  return { queryStatus, sendAndClose, destroy: () => socket.destroy() };
}

/**
 * Sends one job to a raw TCP (port 9100) printer. With statusQuery the printer is asked first
 * whether it can print (paper, cover); a printer that cannot gets nothing. A job counts as sent
 * only when all bytes were written and the printer closed the connection cleanly; raw printers
 * acknowledge nothing more than that.
 */
export async function sendToPrinter(request: PrinterSend): Promise<SendOutcome> {
  const { host, port, timeouts } = request;
  const address = `${host}:${port}`;
  let connection: ReturnType<typeof usePrinterConnection> | null = null;
  try {
    const socket = await openSocket(host, port, timeouts.connectMs);
    connection = usePrinterConnection(socket, address);
    if (request.statusQuery) {
      const status = interpretStatus(await connection.queryStatus(timeouts.statusMs));
      if (status.state !== 'ready') {
        connection.destroy();
        return { ok: false, state: status.state, error: status.problem ?? status.state };
      }
    }
    await connection.sendAndClose(request.bytes, timeouts.idleMs);
    return { ok: true };
  } catch (error) {
    connection?.destroy();
    if (error instanceof LinkFailure)
      return { ok: false, state: error.state, error: error.message };
    return { ok: false, state: 'error', error: describe(error, address) };
  }
}
