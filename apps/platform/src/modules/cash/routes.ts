import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
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
  XReport,
  ZReport,
} from './schemas.ts';

export const cashRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { cash } = services;
  const tags = ['cash sessions'];

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
        params: IdParams,
        response: { 200: XReport, ...errors },
      },
    },
    (request) => cash.report(request.ctx, request.params.id),
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
        params: IdParams,
        response: { 200: ZReport, ...errors },
      },
    },
    (request) => cash.zReport(request.ctx, request.params.id),
  );
};
