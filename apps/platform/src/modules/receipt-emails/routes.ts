import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { ReceiptEmail, SendReceiptEmailBody } from './schemas.ts';
import { MAX_EMAILS_PER_DOCUMENT } from './service.ts';

// POST /sales/{id}/receipt-emails, /refunds/{id}/receipt-emails and GET /receipt-emails/{id}.
// The POSTs answer 202 once the email is queued; the sending happens in a background job.

const SEND_DESCRIPTION =
  'Queues the receipt for one address and answers at once (202, status queued); follow it ' +
  'with GET /receipt-emails/{id}. Allowed to whoever may read the receipt (sales.read, in a ' +
  `store they work in). At most ${MAX_EMAILS_PER_DOCUMENT} emails per document per hour ` +
  '(429 receipt_email.rate_limited). receipt_email.not_configured when this server has no ' +
  'mail server; receipt_email.invalid_address for anything but one plain address. Send an ' +
  'Idempotency-Key when retrying: a replay answers the first request and sends nothing more.';

export const receiptEmailRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { receiptEmails } = services;
  const tags = ['receipts'];
  const queued = { 202: ReceiptEmail, ...errors };

  const documents = [
    {
      kind: 'sale',
      path: '/sales/:id/receipt-emails',
      summary: 'Email the receipt of a completed sale',
      description: `${SEND_DESCRIPTION} An open, parked or voided sale has none (sale.not_completed).`,
    },
    {
      kind: 'refund',
      path: '/refunds/:id/receipt-emails',
      summary: 'Email the receipt of a refund, exchange return or reversal',
      description: SEND_DESCRIPTION,
    },
  ] as const;
  for (const { kind, path, summary, description } of documents)
    app.post(
      path,
      {
        schema: {
          tags,
          summary,
          description,
          params: IdParams,
          body: SendReceiptEmailBody,
          response: queued,
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await receiptEmails.send(request.ctx, { kind, id: request.params.id }, request.body),
          ),
    );
  app.get(
    '/receipt-emails/:id',
    {
      schema: {
        tags,
        summary: 'How an emailed receipt is doing: queued, sent or failed',
        params: IdParams,
        response: { 200: ReceiptEmail, ...errors },
      },
    },
    async (request) => receiptEmails.get(request.ctx, request.params.id),
  );
};
