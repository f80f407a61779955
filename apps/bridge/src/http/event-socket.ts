import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EventBus } from '../events.ts';
import type { Pairing } from '../pairing.ts';
import type { BridgeStatus } from '../status.ts';
import { checkHost, checkOrigin } from './access.ts';

export interface EventSocketOptions {
  readonly server: Server;
  readonly port: () => number;
  readonly allowedOrigins: readonly string[];
  readonly pairing: Pairing;
  readonly events: EventBus;
  readonly snapshot: () => BridgeStatus;
  readonly maxClients: number;
  /** How long a connection without ?token= has to send its auth message. */
  readonly authTimeoutMs: number;
}

export interface EventSocket {
  close(): void;
}

/** Close code for "no or wrong token" (4000-4999 are free for applications). */
export const UNAUTHORIZED_CLOSE_CODE = 4401;

// A client that stops reading is cut off rather than buffered for without limit.
const MAX_BUFFERED_BYTES = 1024 * 1024;

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.on('error', () => {});
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function tokenFromMessage(data: unknown): string | undefined {
  try {
    const message = JSON.parse(String(data)) as { type?: unknown; token?: unknown };
    return message.type === 'auth' && typeof message.token === 'string' ? message.token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * WebSocket /events: printer and job changes pushed to the register. Browsers cannot set an
 * Authorization header on a WebSocket, so the token comes as ?token= or as a first message
 * {"type":"auth","token":"..."}; the Origin is checked like on every HTTP call.
 */
export function attachEventSocket(options: EventSocketOptions): EventSocket {
  const { pairing } = options;
  const allowedOrigins = new Set(options.allowedOrigins);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const subscribers = new Set<WebSocket>();
  const pending = new Set<WebSocket>();

  function welcome(socket: WebSocket): void {
    subscribers.add(socket);
    socket.send(JSON.stringify({ type: 'status', status: options.snapshot() }));
  }

  function onConnection(socket: WebSocket, authenticated: boolean): void {
    socket.on('error', () => {});
    socket.on('close', () => {
      subscribers.delete(socket);
      pending.delete(socket);
    });
    if (authenticated) {
      welcome(socket);
      return;
    }
    pending.add(socket);
    const timer = setTimeout(
      () => socket.close(UNAUTHORIZED_CLOSE_CODE, 'authentication required'),
      options.authTimeoutMs,
    );
    socket.once('message', (data) => {
      clearTimeout(timer);
      pending.delete(socket);
      if (pairing.authenticate(tokenFromMessage(data))) welcome(socket);
      else socket.close(UNAUTHORIZED_CLOSE_CODE, 'invalid token');
    });
  }

  /** Why an upgrade request is refused ([status, reason]), or null to accept it. */
  function refusalOf(request: IncomingMessage, url: URL): readonly [number, string] | null {
    if (url.pathname !== '/events') return [404, 'Not Found'];
    try {
      checkHost(request, options.port());
      checkOrigin(request, allowedOrigins);
    } catch {
      return [403, 'Forbidden'];
    }
    if (subscribers.size + pending.size >= options.maxClients) return [503, 'Service Unavailable'];
    const token = url.searchParams.get('token');
    if (token !== null && !pairing.authenticate(token)) return [401, 'Unauthorized'];
    return null;
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refusal = refusalOf(request, url);
    if (refusal) {
      refuse(socket, refusal[0], refusal[1]);
      return;
    }
    const authenticated = url.searchParams.has('token');
    sockets.handleUpgrade(request, socket, head, (client) => onConnection(client, authenticated));
  }

  options.server.on('upgrade', onUpgrade);
  const unsubscribe = options.events.subscribe((event) => {
    const message = JSON.stringify(event);
    for (const socket of subscribers) {
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) socket.terminate();
      else socket.send(message);
    }
  });
  // A new pairing replaces the register: the old one's connections end with its token.
  pairing.onPaired(() => {
    for (const socket of [...subscribers, ...pending]) {
      socket.close(UNAUTHORIZED_CLOSE_CODE, 'the bridge was paired with another register');
    }
  });

  return {
    close() {
      options.server.off('upgrade', onUpgrade);
      unsubscribe();
      for (const socket of [...subscribers, ...pending]) socket.terminate();
      sockets.close();
    },
  };
}
