import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { injectedFailureBody } from './errors.ts';
import { type ApiResponse, type FakeStripeApi, header } from './router.ts';

// The HTTP side of the fake: 127.0.0.1 only, a log of what arrived, and the faults a test asks
// for. A delayed or dropped request is still executed first: the worst case for a client is a
// payment made whose answer never came back, and that is what retries must survive.

export interface RequestMatch {
  readonly method?: string;
  /** Exact path, or a pattern tested against it. */
  readonly path?: string | RegExp;
}

export type Fault =
  | { readonly kind: 'fail'; readonly status: number }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'drop' };

interface FaultRule {
  readonly fault: Fault;
  remaining: number;
  readonly match: RequestMatch;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | null;
  readonly stripeVersion: string | null;
  /** What the client was answered; null when the connection was dropped. */
  readonly status: number | null;
  readonly replayed: boolean;
  readonly fault: Fault['kind'] | null;
  readonly at: Date;
}

const MAX_BODY_BYTES = 1_000_000;

export class FakeStripeServer {
  readonly #server: Server;
  readonly #api: FakeStripeApi;
  readonly #rules: FaultRule[] = [];
  readonly #log: LoggedRequest[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(api: FakeStripeApi) {
    this.#api = api;
    this.#server = createServer((req, res) => {
      this.#serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
        }
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  addFault(fault: Fault, count: number, match: RequestMatch): void {
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
    this.#rules.push({ fault, remaining: count, match });
  }

  requests(): readonly LoggedRequest[] {
    return [...this.#log];
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const fault = this.#takeFault(method, url.pathname);
    const log = (status: number | null, replayed: boolean) =>
      this.#log.push({
        method,
        path: url.pathname,
        idempotencyKey: header(req.headers, 'idempotency-key'),
        stripeVersion: header(req.headers, 'stripe-version'),
        status,
        replayed,
        fault: fault?.kind ?? null,
        at: new Date(),
      });

    if (fault?.kind === 'fail') {
      log(fault.status, false);
      send(res, fault.status, { error: injectedFailureBody(fault.status) }, {});
      return;
    }
    const answer = this.#api.handle({
      method,
      path: url.pathname,
      query: url.search.slice(1),
      body,
      headers: req.headers,
    });
    if (fault?.kind === 'drop') {
      log(null, answer.replayed);
      req.socket.destroy();
      return;
    }
    log(answer.status, answer.replayed);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (!res.destroyed) respond(res, answer);
      }, fault.ms);
      this.#timers.add(timer);
      return;
    }
    respond(res, answer);
  }

  #takeFault(method: string, path: string): Fault | null {
    const rule = this.#rules.find((candidate) => matches(candidate.match, method, path));
    if (!rule) return null;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
    return rule.fault;
  }
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

function respond(res: ServerResponse, answer: ApiResponse): void {
  send(res, answer.status, answer.body, answer.headers);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
