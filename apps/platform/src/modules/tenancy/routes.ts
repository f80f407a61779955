import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { standardErrors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreateRegisterBody,
  CreateStoreBody,
  Register,
  SignupBody,
  SignupResult,
  Store,
  StoreQuery,
  Tenant,
  UpdateRegisterBody,
  UpdateStoreBody,
} from './schemas.ts';

const errors = standardErrors;

export const tenancyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { tenancy } = services;

  app.post(
    '/signup',
    {
      schema: {
        tags: ['tenancy'],
        summary: 'Sign up a retailer: tenant, owner and first store',
        body: SignupBody,
        response: { 201: SignupResult, ...errors },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 hour' } },
    },
    async (request, reply) =>
      reply.status(201).send(await tenancy.signup(request.ctx, request.body)),
  );

  app.get(
    '/tenant',
    {
      schema: {
        tags: ['tenancy'],
        summary: 'The signed-in business',
        response: { 200: Tenant, ...errors },
      },
    },
    (request) => tenancy.tenant(request.ctx),
  );

  app.get(
    '/stores',
    {
      schema: {
        tags: ['stores'],
        summary: 'Stores you can work in',
        querystring: StoreQuery,
        response: { 200: Type.Array(Store), ...errors },
      },
    },
    (request) => tenancy.listStores(request.ctx, request.query.includeArchived ?? false),
  );
  app.post(
    '/stores',
    {
      schema: {
        tags: ['stores'],
        summary: 'Open a store',
        body: CreateStoreBody,
        response: { 201: Store, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await tenancy.createStore(request.ctx, request.body)),
  );
  app.get(
    '/stores/:id',
    { schema: { tags: ['stores'], params: IdParams, response: { 200: Store, ...errors } } },
    (request) => tenancy.getStore(request.ctx, request.params.id),
  );
  app.patch(
    '/stores/:id',
    {
      schema: {
        tags: ['stores'],
        params: IdParams,
        body: UpdateStoreBody,
        response: { 200: Store, ...errors },
      },
    },
    (request) => tenancy.updateStore(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/stores/:id/archive',
    {
      schema: {
        tags: ['stores'],
        summary: 'Close a store (kept for history)',
        params: IdParams,
        response: { 200: Store, ...errors },
      },
    },
    (request) => tenancy.archiveStore(request.ctx, request.params.id),
  );

  app.get(
    '/stores/:id/registers',
    {
      schema: {
        tags: ['registers'],
        params: IdParams,
        querystring: StoreQuery,
        response: { 200: Type.Array(Register), ...errors },
      },
    },
    (request) =>
      tenancy.listRegisters(request.ctx, request.params.id, request.query.includeArchived ?? false),
  );
  app.post(
    '/stores/:id/registers',
    {
      schema: {
        tags: ['registers'],
        params: IdParams,
        body: CreateRegisterBody,
        response: { 201: Register, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await tenancy.createRegister(request.ctx, request.params.id, request.body.name)),
  );
  app.get(
    '/registers/:id',
    { schema: { tags: ['registers'], params: IdParams, response: { 200: Register, ...errors } } },
    (request) => tenancy.getRegister(request.ctx, request.params.id),
  );
  app.patch(
    '/registers/:id',
    {
      schema: {
        tags: ['registers'],
        params: IdParams,
        body: UpdateRegisterBody,
        response: { 200: Register, ...errors },
      },
    },
    (request) => tenancy.renameRegister(request.ctx, request.params.id, request.body.name),
  );
  app.post(
    '/registers/:id/archive',
    {
      schema: {
        tags: ['registers'],
        summary: 'Retire a register and unpair its device',
        params: IdParams,
        response: { 200: Register, ...errors },
      },
    },
    (request) => tenancy.archiveRegister(request.ctx, request.params.id),
  );
};
