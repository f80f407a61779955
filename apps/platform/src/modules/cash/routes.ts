import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ESC_POS_CONTENT_TYPE } from '@tillpoint/plugin-sdk';
import type { FastifyReply } from 'fastify';
import type { TSchema } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import type { CashReportKind } from './report-service.ts';
import {
  CashMovement,
  CashSession,
  CashSessionPage,
  CashSessionQuery,
  CloseSessionBody,
  DenominationList,
  DenominationQuery,
  MovementBody,
  NoSaleBody,
  NoSaleResult,
  OpenSessionBody,
  RegisterParams,
  ReportQuery,
  type ReportQueryInput,
  XReport,
  ZReport,
} from './schemas.ts';

const FORMATS_DESCRIPTION =
  'format=json (default) answers the figures; text (columns=32|42|48, default 42) prints them ' +
  "as plain text; escpos answers bytes for the store's receipt printer from the business's " +
  'enabled printer plugin (printer.not_configured when there is none), recorded in the audit ' +
  'trail as cash_report.printed. The printed formats refuse figures that do not add up.';

/** One report, three formats: the JSON figures, or the printed report as text or bytes. */
function reportResponse(json: TSchema) {
  return {
    200: {
      description: 'The report in the format asked for',
      content: {
        'application/json': { schema: json },
        'text/plain': { schema: { type: 'string' } },
        [ESC_POS_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
      },
    },
    ...errors,
  };
}

export const cashRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { cash } = services;
  const tags = ['cash sessions'];

  async function sendReport(
    reply: FastifyReply,
    ctx: Parameters<typeof cash.report>[0],
    id: string,
    kind: CashReportKind,
    query: ReportQueryInput,
  ) {
    const format = query.format ?? 'json';
    if (format === 'json') {
      const view = kind === 'x' ? await cash.report(ctx, id) : await cash.zReport(ctx, id);
      return reply.type('application/json; charset=utf-8').send(view);
    }
    const printed = await cash.printedReport(ctx, id, kind, {
      format,
      columns: query.columns ?? 42,
    });
    if (printed.format === 'text')
      return reply.type('text/plain; charset=utf-8').send(printed.body);
    return reply.type(ESC_POS_CONTENT_TYPE).send(Buffer.from(printed.bytes));
  }

  app.get(
    '/cash-denominations',
    {
      schema: {
        tags,
        summary: 'The coins and notes a drawer count may name (keys of `counts`)',
        querystring: DenominationQuery,
        response: { 200: DenominationList, ...errors },
      },
    },
    (request) => cash.denominations(request.ctx, request.query.currency),
  );
  app.post(
    '/registers/:registerId/cash-sessions',
    {
      schema: {
        tags,
        summary: "Open the register's cash drawer with a counted float (one open session each)",
        params: RegisterParams,
        body: OpenSessionBody,
        response: { 201: CashSession, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cash.open(request.ctx, request.params.registerId, request.body)),
  );
  app.get(
    '/registers/:registerId/cash-sessions/current',
    {
      schema: {
        tags,
        summary: "The register's open cash session, blind (no expected amounts)",
        params: RegisterParams,
        response: { 200: CashSession, ...errors },
      },
    },
    (request) => cash.current(request.ctx, request.params.registerId),
  );
  app.get(
    '/cash-sessions',
    {
      schema: {
        tags,
        summary: 'Cash sessions of the stores you work in, newest first',
        querystring: CashSessionQuery,
        response: { 200: CashSessionPage, ...errors },
      },
    },
    (request) => {
      const { storeId, registerId, status, cursor, limit } = request.query;
      return cash.list(request.ctx, {
        ...(storeId ? { storeId } : {}),
        ...(registerId ? { registerId } : {}),
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
    },
  );
  app.get(
    '/cash-sessions/:id',
    {
      schema: {
        tags,
        summary: 'A cash session with its counts and, once closed, expected and over/short',
        params: IdParams,
        response: { 200: CashSession, ...errors },
      },
    },
    (request) => cash.get(request.ctx, request.params.id),
  );
  app.post(
    '/cash-sessions/:id/movements',
    {
      schema: {
        tags,
        summary: 'Pay cash into or out of the drawer outside a sale, with a reason',
        params: IdParams,
        body: MovementBody,
        response: { 201: CashMovement, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await cash.recordMovement(request.ctx, request.params.id, request.body)),
  );
  app.post(
    '/cash-sessions/:id/no-sale',
    {
      schema: {
        tags,
        summary: "Open the drawer without a sale (a cashier needs a manager's approval)",
        params: IdParams,
        body: NoSaleBody,
        response: { 201: NoSaleResult, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cash.noSale(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/cash-sessions/:id/report',
    {
      schema: {
        tags,
        summary: 'X report: the figures of the session so far and the cash expected in the drawer',
        description: FORMATS_DESCRIPTION,
        params: IdParams,
        querystring: ReportQuery,
        response: reportResponse(XReport),
      },
    },
    (request, reply) => sendReport(reply, request.ctx, request.params.id, 'x', request.query),
  );
  app.post(
    '/cash-sessions/:id/close',
    {
      schema: {
        tags,
        summary:
          'Close with a blind count; expected and over/short are shown only to cash.read holders',
        params: IdParams,
        body: CloseSessionBody,
        response: { 200: CashSession, ...errors },
      },
    },
    (request) => cash.close(request.ctx, request.params.id, request.body),
  );
  app.get(
    '/cash-sessions/:id/z-report',
    {
      schema: {
        tags,
        summary: 'Z report of a closed session: the figures at close, counted and over/short',
        description: `${FORMATS_DESCRIPTION} An open session has no Z report yet (cash_session.open).`,
        params: IdParams,
        querystring: ReportQuery,
        response: reportResponse(ZReport),
      },
    },
    (request, reply) => sendReport(reply, request.ctx, request.params.id, 'z', request.query),
  );
};
