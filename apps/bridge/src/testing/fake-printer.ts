import { createServer, type Server, type Socket } from 'node:net';

/** What the fake answers to DLE EOT; 'silent' answers nothing (a printer without status). */
export type FakePrinterCondition = 'ready' | 'paper_out' | 'cover_open' | 'error' | 'silent';

export interface FakePrinterConnection {
  /** The bytes to print: everything after the leading DLE EOT status queries. */
  readonly data: Uint8Array;
  readonly statusQueries: number;
  /** The fake cut this connection mid-job (see cutNextJobAfter). */
  readonly cut: boolean;
  /** The connection has closed, so `data` is final. */
  readonly closed: boolean;
}

export interface FakePrinter {
  readonly host: '127.0.0.1';
  readonly port: number;
  connections(): readonly FakePrinterConnection[];
  /** The data of every closed connection that carried any, in arrival order: one per job sent. */
  received(): Uint8Array[];
  setCondition(condition: FakePrinterCondition): void;
  /** The next connection carrying data is reset after `bytes` bytes, like a printer losing power. */
  cutNextJobAfter(bytes: number): void;
  /** Resolves with received() once it holds at least `count` jobs. */
  waitForJobs(count: number, timeoutMs?: number): Promise<Uint8Array[]>;
  isRunning(): boolean;
  /** Switches the printer off: no listener, open connections dropped. */
  stop(): Promise<void>;
  /** Switches it on again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface FakePrinterOptions {
  readonly condition?: FakePrinterCondition;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

// The three DLE EOT replies (n = 1, 2, 4) per condition, as an Epson TM printer gives them.
const STATUS_REPLIES: Record<Exclude<FakePrinterCondition, 'silent'>, Record<number, number>> = {
  ready: { 1: 0x12, 2: 0x12, 4: 0x12 },
  paper_out: { 1: 0x1a, 2: 0x32, 4: 0x72 },
  cover_open: { 1: 0x1a, 2: 0x16, 4: 0x12 },
  error: { 1: 0x1a, 2: 0x52, 4: 0x12 },
};

const DLE = 0x10;
const EOT = 0x04;

interface ConnectionRecord {
  data: Buffer;
  statusQueries: number;
  cut: boolean;
  closed: boolean;
}

/** A network receipt printer (raw TCP, port-9100 style) on 127.0.0.1 that records what it gets. */
export async function startFakePrinter(options: FakePrinterOptions = {}): Promise<FakePrinter> {
  let condition: FakePrinterCondition = options.condition ?? 'ready';
  let cutAfter: number | null = null;
  let port = options.port ?? 0;
  let server: Server | null = null;
  const records: ConnectionRecord[] = [];
  const sockets = new Set<Socket>();

  function handle(socket: Socket): void {
    const record: ConnectionRecord = {
      data: Buffer.alloc(0),
      statusQueries: 0,
      cut: false,
      closed: false,
    };
    records.push(record);
    sockets.add(socket);
    let leading = Buffer.alloc(0);
    let inStatusPhase = true;

    function takeData(bytes: Buffer): void {
      const limit = cutAfter;
      if (limit !== null && record.data.length + bytes.length > limit) {
        record.data = Buffer.concat([record.data, bytes.subarray(0, limit - record.data.length)]);
        record.cut = true;
        cutAfter = null;
        // An RST, as from a printer that lost power: the sender learns the job did not finish.
        socket.resetAndDestroy();
        return;
      }
      record.data = Buffer.concat([record.data, bytes]);
    }

    socket.on('data', (chunk: Buffer) => {
      if (record.cut) return;
      if (!inStatusPhase) {
        takeData(chunk);
        return;
      }
      leading = Buffer.concat([leading, chunk]);
      // Status queries are answered while they lead the connection; the first other byte
      // starts the job.
      while (leading.length > 0) {
        const isQuery = leading[0] === DLE && (leading.length < 2 || leading[1] === EOT);
        if (!isQuery) break;
        if (leading.length < 3) return;
        const n = leading[2] ?? 0;
        record.statusQueries += 1;
        if (condition !== 'silent')
          socket.write(Uint8Array.of(STATUS_REPLIES[condition][n] ?? 0x12));
        leading = leading.subarray(3);
      }
      if (leading.length > 0) {
        inStatusPhase = false;
        const rest = leading;
        leading = Buffer.alloc(0);
        takeData(rest);
      }
    });
    socket.on('end', () => {
      if (leading.length > 0) takeData(leading);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      record.closed = true;
      sockets.delete(socket);
    });
  }

  async function start(): Promise<void> {
    if (server) return;
    const listening = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        listening.off('error', reject);
        resolve();
      });
    });
    const address = listening.address();
    if (address && typeof address === 'object') port = address.port;
    server = listening;
  }

  async function stop(): Promise<void> {
    const running = server;
    if (!running) return;
    server = null;
    const closed = new Promise<void>((resolve) => running.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  function received(): Uint8Array[] {
    return records
      .filter((record) => record.closed && record.data.length > 0)
      .map((record) => new Uint8Array(record.data));
  }

  await start();
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    connections: () =>
      records.map((record) => ({
        data: new Uint8Array(record.data),
        statusQueries: record.statusQueries,
        cut: record.cut,
        closed: record.closed,
      })),
    received,
    setCondition(next) {
      condition = next;
    },
    cutNextJobAfter(bytes) {
      cutAfter = bytes;
    },
    async waitForJobs(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const jobs = received();
        if (jobs.length >= count) return jobs;
        if (Date.now() > deadline) {
          throw new Error(
            `The fake printer got ${jobs.length} job(s), not ${count}, in ${timeoutMs} ms`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    isRunning: () => server !== null,
    stop,
    start,
    close: stop,
  };
}
