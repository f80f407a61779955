// A small HTTP API on loopback through which specs play the parts a browser cannot: the manager
// handing out a pairing code, the customer tapping a card, reading what the printer got, and
// checking what the server holds.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ok, type TillpointClient } from '@tillpoint/api-client';
import type { FakePrinter } from '@tillpoint/bridge/testing';
import { decodeEscPos } from '@tillpoint/printer-escpos/testing';
import type { BulkResult } from './bulk.ts';
import type { StoreHardware } from './hardware.ts';
import type { CardReader } from './stripe.ts';

export interface ControlDependencies {
  readonly owner: TillpointClient;
  readonly registerId: string;
  readonly card: CardReader;
  readonly hardware: StoreHardware;
  readonly bulkVariants: (count: number) => Promise<BulkResult>;
}

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

class BadRequest extends Error {}

/** The platform's or Stripe's own status when the error carries one (409 from a reader...). */
function statusOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 500;
  const candidate =
    ('status' in error && error.status) || ('statusCode' in error && error.statusCode);
  return typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : 500;
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BadRequest('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** Every job the printer received, with the text a person would read on the paper. */
export function printerJobs(printer: FakePrinter) {
  const jobs = printer.received().map((bytes) => {
    const decoded = decodeEscPos(bytes);
    return {
      bytes: bytes.length,
      text: decoded.lines.join('\n'),
      lines: decoded.lines,
      cut: decoded.cut,
      opensDrawer: decoded.opensDrawer,
      qrCodes: decoded.qrCodes,
      barcodes: decoded.barcodes.map((barcode) => barcode.data),
    };
  });
  return {
    count: jobs.length,
    drawerKicks: jobs.filter((job) => job.opensDrawer).length,
    connections: printer.connections().length,
    jobs,
  };
}

export async function startControlServer(deps: ControlDependencies): Promise<ControlServer> {
  const { owner, hardware } = deps;

  async function route(method: string, url: URL, request: IncomingMessage): Promise<unknown> {
    const path = url.pathname;
    if (method === 'GET' && path === '/health') return { ok: true };
    if (method === 'POST' && path === '/pairing-code') {
      const body = await jsonBody(request);
      const registerId = typeof body.registerId === 'string' ? body.registerId : deps.registerId;
      return ok(
        owner.api.POST('/api/v1/registers/{id}/pairing-codes', {
          params: { path: { id: registerId } },
        }),
      );
    }
    if (method === 'POST' && path === '/card/present') {
      const body = await jsonBody(request);
      const number = typeof body.number === 'string' ? body.number : undefined;
      await deps.card.presentCard(number);
      return { presented: true, readerId: deps.card.readerId };
    }
    if (method === 'GET' && path === '/printer/jobs') return printerJobs(hardware.printer);
    if (method === 'GET' && path === '/sales') {
      const registerId = url.searchParams.get('registerId') ?? deps.registerId;
      return ok(owner.api.GET('/api/v1/sales', { params: { query: { registerId, limit: 100 } } }));
    }
    if (method === 'GET' && path === '/bridge/pairing-code')
      return { code: hardware.bridge().pairingCode() };
    if (method === 'POST' && path === '/bridge/reopen-pairing')
      return { code: await hardware.reopenPairing() };
    if (method === 'POST' && path === '/bulk-variants') {
      const body = await jsonBody(request);
      if (typeof body.count !== 'number') throw new BadRequest('count (a number) is required');
      return deps.bulkVariants(body.count);
    }
    return undefined;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://control');
    let status = 200;
    let payload: unknown;
    try {
      payload = await route(request.method ?? 'GET', url, request);
      if (payload === undefined) {
        status = 404;
        payload = { error: `no control route ${request.method} ${url.pathname}` };
      }
    } catch (error) {
      status = error instanceof BadRequest || error instanceof SyntaxError ? 400 : statusOf(error);
      payload = {
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof Error && 'code' in error ? { code: error.code } : {}),
      };
    }
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload));
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('control server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type PrinterJobsView = ReturnType<typeof printerJobs>;
