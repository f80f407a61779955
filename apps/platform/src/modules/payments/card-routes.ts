import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { CardPaymentParams, CardPaymentResult, StartCardPaymentBody } from './card-schemas.ts';

export const cardPaymentRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { cardPayments } = services;
  const tags = ['payments'];
  const ok = { 200: CardPaymentResult, ...errors };

  app.post(
    '/sales/:id/card-payments',
    {
      schema: {
        tags,
        summary: "Charge a card on the register's reader",
        description:
          "Asks the tenant's payment plugin for a payment of amountMinor (at most the balance) " +
          "and sends it to the register's card reader. Answers while the customer is still at " +
          'the reader (status pending): follow it with GET or POST …/sync until succeeded ' +
          '(then it is a card tender on the sale, which completes when paid in full), failed or ' +
          'canceled. Retrying with the same id never starts a second payment.',
        params: IdParams,
        body: StartCardPaymentBody,
        response: { 200: CardPaymentResult, 201: CardPaymentResult, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await cardPayments.start(request.ctx, request.params.id, request.body);
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(outcome.replayed ? 200 : 201).send(outcome.result);
    },
  );

  app.get(
    '/sales/:id/card-payments/:paymentId',
    {
      schema: {
        tags,
        summary: 'A card payment as we last heard of it',
        params: CardPaymentParams,
        response: ok,
      },
    },
    async (request) => cardPayments.get(request.ctx, request.params.id, request.params.paymentId),
  );

  app.post(
    '/sales/:id/card-payments/:paymentId/sync',
    {
      schema: {
        tags,
        summary: 'Ask the processor where a card payment stands and apply it',
        description:
          'For when a webhook is late or lost: captures an authorised payment and records it ' +
          'on the sale exactly once.',
        params: CardPaymentParams,
        response: ok,
      },
    },
    async (request) => cardPayments.sync(request.ctx, request.params.id, request.params.paymentId),
  );

  app.post(
    '/sales/:id/card-payments/:paymentId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a card payment not charged yet (clears the reader)',
        params: CardPaymentParams,
        response: ok,
      },
    },
    async (request) =>
      cardPayments.cancel(request.ctx, request.params.id, request.params.paymentId),
  );
};
