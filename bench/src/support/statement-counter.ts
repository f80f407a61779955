// A loopback TCP proxy in front of PostgreSQL that counts the statements clients execute: each
// simple-protocol Query ('Q') and each extended-protocol Execute ('E') is one statement. The
// sales benchmark points a platform at it for a few sales to learn how many statements one
// sale costs, then gives pgbench a script with exactly that many.
import net from 'node:net';

export interface StatementCounter {
  readonly port: number;
  /** Statements executed through the proxy since it started. */
  count(): number;
  close(): Promise<void>;
}

export async function startStatementCounter(target: {
  host: string;
  port: number;
}): Promise<StatementCounter> {
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let buffer = Buffer.alloc(0);
    let startup = true;
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
        buffer = buffer.subarray(1 + length);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
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
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
