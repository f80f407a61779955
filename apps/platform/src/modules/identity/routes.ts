import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PERMISSION_MATRIX, permissionsOfRole } from '@tillpoint/domain';
import { Type } from 'typebox';
import { deviceOf } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import { csrfTokenFor } from '../../lib/csrf.ts';
import type { Services } from '../../services.ts';
import { requireActor } from './authorize.ts';
import {
  ApiToken,
  Approval,
  ApprovalBody,
  CreateApiTokenBody,
  CreateUserBody,
  Device,
  DeviceQuery,
  IssuedApiToken,
  Me,
  PairBody,
  PairedDevice,
  PairingCode,
  PermissionMatrix,
  PinSession,
  PinSignInBody,
  RegisterStaff,
  SetPinBody,
  UpdateUserBody,
  User,
} from './schemas.ts';

export const identityRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  authSecret: string;
}> = async (app, { services, authSecret }) => {
  const { staff, devices, signIn, apiTokens, approvals } = services;

  app.get(
    '/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Who is calling, with their permissions',
        response: { 200: Me, ...errors },
      },
    },
    async (request) => {
      const ctx = requireActor(request.ctx);
      const actor = ctx.actor;
      const user = await staff.me(ctx);
      const permissions =
        actor.type === 'user'
          ? permissionsOfRole(actor.role)
          : actor.type === 'api_token'
            ? [...actor.scopes]
            : [];
      const device = deviceOf(actor);
      return {
        actorType: actor.type,
        user,
        tenantId: ctx.tenantId,
        permissions,
        device,
        csrfToken:
          actor.type === 'user' && !actor.device ? csrfTokenFor(authSecret, actor.sessionId) : null,
      };
    },
  );

  app.get(
    '/permissions',
    {
      schema: {
        tags: ['identity'],
        summary: 'The role/permission matrix',
        response: { 200: PermissionMatrix },
      },
    },
    async () => PERMISSION_MATRIX as unknown as Record<string, string[]>,
  );

  // ---- staff -----------------------------------------------------------------------------
  app.get(
    '/users',
    { schema: { tags: ['staff'], response: { 200: Type.Array(User), ...errors } } },
    (request) => staff.list(request.ctx),
  );
  app.post(
    '/users',
    { schema: { tags: ['staff'], body: CreateUserBody, response: { 201: User, ...errors } } },
    async (request, reply) => reply.status(201).send(await staff.create(request.ctx, request.body)),
  );
  app.get(
    '/users/:id',
    { schema: { tags: ['staff'], params: IdParams, response: { 200: User, ...errors } } },
    (request) => staff.get(request.ctx, request.params.id),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['staff'],
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errors },
      },
    },
    (request) => staff.update(request.ctx, request.params.id, request.body),
  );
  app.put(
    '/users/:id/pin',
    {
      schema: {
        tags: ['staff'],
        summary: 'Set a register PIN (your own, or staff you manage)',
        params: IdParams,
        body: SetPinBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await staff.setPin(request.ctx, request.params.id, request.body.pin);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/users/:id/unlock',
    {
      schema: {
        tags: ['staff'],
        summary: 'Clear sign-in and PIN lockouts',
        params: IdParams,
        response: { 200: User, ...errors },
      },
    },
    (request) => staff.unlock(request.ctx, request.params.id),
  );

  // ---- devices ---------------------------------------------------------------------------
  app.post(
    '/registers/:id/pairing-codes',
    {
      schema: {
        tags: ['devices'],
        summary: 'One-time code to pair a device to this register',
        params: IdParams,
        response: { 201: PairingCode, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await devices.createPairingCode(request.ctx, request.params.id)),
  );
  app.post(
    '/devices/pair',
    {
      schema: {
        tags: ['devices'],
        summary: 'Trade a pairing code for a device token',
        body: PairBody,
        response: { 201: PairedDevice, ...errors },
      },
      config: { rateLimit: { max: 10, timeWindow: '10 minutes' } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await devices.pair(request.ctx, request.body.code, request.body.deviceName)),
  );
  app.get(
    '/devices',
    {
      schema: {
        tags: ['devices'],
        querystring: DeviceQuery,
        response: { 200: Type.Array(Device), ...errors },
      },
    },
    (request) =>
      devices.list(request.ctx, request.query.storeId, request.query.includeRevoked ?? false),
  );
  app.post(
    '/devices/:id/revoke',
    { schema: { tags: ['devices'], params: IdParams, response: { 200: Device, ...errors } } },
    (request) => devices.revoke(request.ctx, request.params.id),
  );
  app.get(
    '/device/staff',
    {
      schema: {
        tags: ['devices'],
        summary: 'Staff who can sign in on this paired register',
        response: { 200: Type.Array(RegisterStaff), ...errors },
      },
    },
    (request) => devices.staffForDevice(request.ctx),
  );
  app.post(
    '/device/sessions',
    {
      schema: {
        tags: ['devices'],
        summary: 'Cashier PIN sign-in on a paired register',
        body: PinSignInBody,
        response: { 201: PinSession, ...errors },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await signIn.pinSignIn(request.ctx, request.body.userId, request.body.pin)),
  );
  app.post(
    '/device/sessions/current/end',
    {
      schema: {
        tags: ['devices'],
        summary: 'Cashier signs out of the register',
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requireActor(request.ctx);
      if (ctx.actor.type !== 'user' || !ctx.actor.device) {
        throw new AppError(
          'auth.forbidden',
          'Only a PIN session on a register can end itself here.',
        );
      }
      await signIn.signOut(ctx, ctx.actor.sessionId, ctx.actor.userId);
      return reply.status(204).send(null);
    },
  );

  // ---- API tokens ------------------------------------------------------------------------
  app.get(
    '/api-tokens',
    { schema: { tags: ['api tokens'], response: { 200: Type.Array(ApiToken), ...errors } } },
    (request) => apiTokens.list(request.ctx),
  );
  app.post(
    '/api-tokens',
    {
      schema: {
        tags: ['api tokens'],
        body: CreateApiTokenBody,
        response: { 201: IssuedApiToken, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await apiTokens.create(request.ctx, request.body)),
  );
  app.post(
    '/api-tokens/:id/revoke',
    { schema: { tags: ['api tokens'], params: IdParams, response: { 200: ApiToken, ...errors } } },
    (request) => apiTokens.revoke(request.ctx, request.params.id),
  );

  // ---- approvals -------------------------------------------------------------------------
  app.post(
    '/approvals',
    {
      schema: {
        tags: ['approvals'],
        summary: "A manager's PIN approves one action for the signed-in user",
        body: ApprovalBody,
        response: { 201: Approval, ...errors },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      reply.status(201).send(await approvals.grant(request.ctx, request.body)),
  );
};
