// A loopback TCP proxy in front of PostgreSQL that counts the statements clients execute: each
// simple-protocol Query ('Q') and each extended-protocol Execute ('E') is one statement. The
// sales benchmark points a platform at it for a few sales to learn how many statements one
// sale costs, then gives pgbench a script with exactly that many.
import net from 'node:net';

export interface StatementCounter {
  readonly port: number;
  /** Statements executed through the proxy since it started. */
  count(): number;
  /** The text of every statement parsed or sent since it started, in order. */
  texts(): readonly string[];
  /**
   * Round-trip time per statement text: from the client's Sync (extended protocol) or Query
   * (simple) to the server's ReadyForQuery, as seen on loopback.
   */
  timings(): ReadonlyMap<string, { count: number; totalMs: number }>;
  close(): Promise<void>;
}

export async function startStatementCounter(target: {
  host: string;
  port: number;
}): Promise<StatementCounter> {
  let statements = 0;
  const seen: string[] = [];
  const timings = new Map<string, { count: number; totalMs: number }>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let buffer = Buffer.alloc(0);
    let startup = true;
    let lastText = '';
    const prepared = new Map<string, string>();
    // Statements sent and not yet answered, oldest first (the pg driver may pipeline).
    const pending: { text: string; at: number }[] = [];
    let reply = Buffer.alloc(0);
    client.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      // Frontend messages: the startup packet has no type byte (int32 length first); every
      // later message is a type byte followed by an int32 length that includes itself.
      for (;;) {
        if (startup) {
          if (buffer.length < 4) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          buffer = buffer.subarray(length);
          startup = false;
          continue;
        }
        if (buffer.length < 5) break;
        const type = String.fromCharCode(buffer[0] ?? 0);
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) break;
        if (type === 'Q' || type === 'E') statements += 1;
        // Query: query\0 (the simple protocol: BEGIN, COMMIT).
        if (type === 'Q') {
          lastText = cString(buffer, 5);
          seen.push(lastText);
          pending.push({ text: lastText, at: performance.now() });
        }
        // Parse: statement name\0 query\0 ...; Bind: portal\0 statement name\0 ...
        // (named statements are parsed once per connection and bound by name afterwards).
        if (type === 'P') {
          const name = cString(buffer, 5);
          lastText = cString(buffer, 5 + Buffer.byteLength(name) + 1);
          prepared.set(name, lastText);
        }
        if (type === 'B') {
          const portal = cString(buffer, 5);
          const name = cString(buffer, 5 + Buffer.byteLength(portal) + 1);
          lastText = prepared.get(name) ?? lastText;
        }
        if (type === 'E') seen.push(lastText);
        if (type === 'S') pending.push({ text: lastText, at: performance.now() });
        buffer = buffer.subarray(1 + length);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      // Backend messages: type byte + int32 length; 'Z' (ReadyForQuery) ends one round trip.
      reply = Buffer.concat([reply, chunk]);
      for (;;) {
        if (reply.length < 5) break;
        const length = reply.readInt32BE(1);
        if (reply.length < 1 + length) break;
        if (reply[0] === 0x5a) {
          const done = pending.shift();
          if (done) {
            const entry = timings.get(done.text) ?? { count: 0, totalMs: 0 };
            entry.count += 1;
            entry.totalMs += performance.now() - done.at;
            timings.set(done.text, entry);
          }
        }
        reply = reply.subarray(1 + length);
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    count: () => statements,
    texts: () => seen,
    timings: () => timings,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function cString(buffer: Buffer, start: number): string {
  const end = buffer.indexOf(0, start);
  return buffer.toString('utf8', start, end < 0 ? buffer.length : end).replace(/\s+/g, ' ');
}
