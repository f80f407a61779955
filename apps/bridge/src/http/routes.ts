import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BridgeConfig, resolvePrinter } from '../config.ts';
import { BridgeError, invalid } from '../errors.ts';
import type { PrintQueue } from '../jobs/print-queue.ts';
import type { BridgeLogger } from '../logger.ts';
import type { PairedRegister, Pairing } from '../pairing.ts';
import { drawerKick } from '../printing/escpos.ts';
import type { BridgeStatus } from '../status.ts';
import { allowOrigin, answerPreflight, bearerToken, checkHost, checkOrigin } from './access.ts';
import { hasNoBody, readJsonBody } from './body.ts';
import {
  parseDrawerRequest,
  parseJobId,
  parsePairRequest,
  parsePrintRequest,
  parseReprintRequest,
} from './requests.ts';
import { sendError, sendHtml, sendJson } from './respond.ts';
import { renderStatusPage } from './status-page.ts';

export interface HttpLimits {
  /** Largest job, in bytes after base64 decoding. */
  readonly maxJobBytes: number;
  /** Largest request body (the base64 of the largest job plus the other fields). */
  readonly maxBodyBytes: number;
}

export interface RouteDependencies {
  readonly config: BridgeConfig;
  readonly queue: PrintQueue;
  readonly pairing: Pairing;
  readonly limits: HttpLimits;
  readonly logger: BridgeLogger;
  /** The port actually listened on (the config may say 0). */
  readonly port: () => number;
  readonly status: () => BridgeStatus;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function createRequestHandler(deps: RouteDependencies) {
  const { config, queue, pairing, limits } = deps;
  const allowedOrigins = new Set(config.allowedOrigins);

  function authenticate(request: IncomingMessage): PairedRegister {
    const register = pairing.authenticate(bearerToken(request));
    if (register) return register;
    throw new BridgeError(
      401,
      'auth.unauthenticated',
      pairing.paired()
        ? 'Send the bridge token from pairing as "Authorization: Bearer <token>".'
        : 'This bridge is not paired yet; pair it from the register first.',
    );
  }

  function requireSameRegister(register: PairedRegister, registerId: string): void {
    if (registerId !== register.registerId) {
      throw new BridgeError(
        403,
        'register.forbidden',
        `This bridge prints for register ${register.registerName}, not for register ${registerId}.`,
      );
    }
  }

  function printerNamed(name: string) {
    const printer = resolvePrinter(config, name);
    if (!printer) {
      const names = config.printers.map((candidate) => candidate.name).join(', ');
      throw invalid(`No printer named "${name}"; this bridge has: receipt, ${names}.`, {
        field: 'printer',
      });
    }
    return printer;
  }

  const statusPage: Handler = async (_request, response) => {
    sendHtml(response, renderStatusPage(deps.status(), pairing.currentCode()?.code ?? null));
  };

  const pair: Handler = async (request, response) => {
    const body = parsePairRequest(await readJsonBody(request, limits.maxBodyBytes));
    const bridgeToken = await pairing.pair(body);
    sendJson(response, 200, { bridgeToken, registerId: body.registerId });
  };

  const status: Handler = async (request, response) => {
    authenticate(request);
    sendJson(response, 200, deps.status());
  };

  const print: Handler = async (request, response) => {
    const register = authenticate(request);
    const body = parsePrintRequest(
      await readJsonBody(request, limits.maxBodyBytes),
      limits.maxJobBytes,
    );
    requireSameRegister(register, body.registerId);
    const { job, created } = await queue.submit({
      jobId: body.jobId,
      kind: 'print',
      registerId: body.registerId,
      printer: printerNamed(body.printer),
      openDrawer: body.openDrawer,
      data: body.data,
      reprintOf: null,
    });
    sendJson(response, created ? 202 : 200, job);
  };

  const drawer: Handler = async (request, response) => {
    const register = authenticate(request);
    const body = parseDrawerRequest(await readJsonBody(request, limits.maxBodyBytes));
    requireSameRegister(register, body.registerId);
    const printer = printerNamed(body.printer);
    const { job, created } = await queue.submit({
      jobId: body.jobId,
      kind: 'drawer',
      registerId: body.registerId,
      printer,
      openDrawer: false,
      data: drawerKick(printer.drawerPin),
      reprintOf: null,
    });
    sendJson(response, created ? 202 : 200, job);
  };

  function jobOf(jobId: string) {
    const job = queue.get(jobId);
    if (!job) throw new BridgeError(404, 'job.not_found', `No job ${jobId} on this bridge.`);
    return job;
  }

  const showJob =
    (jobId: string): Handler =>
    async (request, response) => {
      authenticate(request);
      sendJson(response, 200, jobOf(jobId));
    };

  const reprint =
    (jobId: string): Handler =>
    async (request, response) => {
      const register = authenticate(request);
      const body = hasNoBody(request)
        ? { jobId: null }
        : parseReprintRequest(await readJsonBody(request, limits.maxBodyBytes));
      const { job, created } = await queue.reprint(
        jobId,
        body.jobId ?? randomUUID(),
        register.registerId,
      );
      sendJson(response, created ? 202 : 200, job);
    };

  function route(method: string, path: string): Handler | null {
    const jobPath = path.match(/^\/jobs\/([^/]+)(\/reprint)?$/);
    if (jobPath) {
      const jobId = parseJobId(jobPath[1], 'the job id in the path');
      if (jobPath[2]) return method === 'POST' ? reprint(jobId) : null;
      return method === 'GET' ? showJob(jobId) : null;
    }
    const routes: Record<string, Handler> = {
      'GET /': statusPage,
      'POST /pair': pair,
      'GET /status': status,
      'POST /print': print,
      'POST /drawer': drawer,
    };
    return routes[`${method} ${path}`] ?? null;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader('cache-control', 'no-store');
    checkHost(request, deps.port());
    const origin = checkOrigin(request, allowedOrigins);
    if (origin !== null) allowOrigin(response, origin);
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      answerPreflight(request, response, origin);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const handler = route(method, path);
    if (!handler) {
      throw new BridgeError(404, 'route.not_found', `No route ${method} ${path}.`);
    }
    await handler(request, response);
  }

  return (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => sendError(response, error, deps.logger));
  };
}
