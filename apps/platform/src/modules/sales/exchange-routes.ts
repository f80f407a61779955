import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import type { Services } from '../../services.ts';
import { Exchange, ExchangeBody } from './exchange-schemas.ts';

export const exchangeRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { exchanges } = services;

  app.post(
    '/exchanges',
    {
      schema: {
        tags: ['refunds'],
        summary: 'Exchange: return lines of a completed sale and sell new items, settled together',
        description:
          'One transaction: the return (a refund of kind exchange) pays the new sale with its ' +
          "value (a tender of kind other, reference exchange:<refund id>); the new sale's " +
          'payments cover any difference; a return worth more than the new sale gives the rest ' +
          'back like a refund (original tenders or store credit). A replay of the same id and ' +
          'body answers 200 with the stored exchange.',
        body: ExchangeBody,
        response: { 201: Exchange, 200: Exchange, ...errors },
      },
    },
    async (request, reply) => {
      const { exchange, replayed } = await exchanges.exchange(request.ctx, request.body);
      return reply.status(replayed ? 200 : 201).send(exchange);
    },
  );
};
