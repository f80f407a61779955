import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorId } from '../../context.ts';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  AdjustmentBody,
  DisableBody,
  EnableBody,
  EntryPageQuery,
  GiftCard,
  GiftCardAdjustment,
  GiftCardDetail,
  LookupBody,
  UpdateGiftCardBody,
} from './schemas.ts';

/** Card-number lookups each caller may make per minute. */
export const GIFT_CARD_LOOKUPS_PER_MINUTE = 30;

/**
 * Lookups are limited per caller (user, device or token), not per address: guessing card numbers
 * is the attack, and a shop's registers share one address. Runs after authentication (route
 * hooks follow the app's onRequest hooks), so the caller is known; anonymous callers, refused
 * anyway, count per address.
 */
function lookupKey(request: FastifyRequest): string {
  const { tenantId, actor } = request.ctx;
  return actor && tenantId ? `${tenantId}:${actor.type}:${actorId(actor)}` : `ip:${request.ip}`;
}

export const giftCardRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { giftCards } = services;
  const tags = ['gift cards'];
  const ok = { 200: GiftCard, ...errors };

  app.post(
    '/gift-cards/lookup',
    {
      schema: {
        tags,
        summary: `A card by its number (in the body, never a URL); ${GIFT_CARD_LOOKUPS_PER_MINUTE} per minute per caller`,
        body: LookupBody,
        response: ok,
      },
      config: {
        rateLimit: {
          max: GIFT_CARD_LOOKUPS_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: lookupKey,
        },
      },
    },
    (request) => giftCards.lookup(request.ctx, request.body.code),
  );
  app.get(
    '/gift-cards/:id',
    {
      schema: {
        tags,
        summary: 'A card and its ledger, newest first',
        params: IdParams,
        querystring: EntryPageQuery,
        response: { 200: GiftCardDetail, ...errors },
      },
    },
    (request) => giftCards.get(request.ctx, request.params.id, request.query),
  );
  app.patch(
    '/gift-cards/:id',
    {
      schema: {
        tags,
        summary: 'Change the expiry (null: never expires)',
        params: IdParams,
        body: UpdateGiftCardBody,
        response: ok,
      },
    },
    (request) => giftCards.update(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/gift-cards/:id/disable',
    {
      schema: {
        tags,
        summary: 'Disable: the card can no longer be redeemed or topped up',
        params: IdParams,
        body: DisableBody,
        response: ok,
      },
    },
    (request) => giftCards.disable(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/gift-cards/:id/enable',
    {
      schema: {
        tags,
        summary: 'Enable a disabled card',
        params: IdParams,
        body: EnableBody,
        response: ok,
      },
    },
    (request) => giftCards.enable(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/gift-cards/:id/adjustments',
    {
      schema: {
        tags,
        summary: "A manager's correction of the balance (never below zero)",
        params: IdParams,
        body: AdjustmentBody,
        response: { 201: GiftCardAdjustment, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await giftCards.adjust(request.ctx, request.params.id, request.body)),
  );
};
