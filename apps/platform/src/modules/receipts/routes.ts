import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ESC_POS_CONTENT_TYPE } from '@tillpoint/plugin-sdk';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { ReceiptProfile } from './profile-schemas.ts';
import type { RenderedReceipt } from './render.ts';
import { RECEIPT_SCHEMA_ID, ReceiptQuery } from './schemas.ts';

// GET /sales/{id}/receipt and /refunds/{id}/receipt: the same receipt as JSON (registers render
// it themselves, also offline), plain text, a self-contained HTML page or printer bytes.

/**
 * The HTML page carries its own inline styles and nothing else: no scripts, no remote images or
 * fonts. Framing is allowed from our own pages only (the admin's reprint preview).
 */
const RECEIPT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; " +
  "base-uri 'none'; form-action 'none'";

const okResponse = {
  200: {
    description: 'The receipt in the format asked for',
    content: {
      'application/json': { schema: Type.Ref(RECEIPT_SCHEMA_ID) },
      'text/plain': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      [ESC_POS_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  },
  ...errors,
};

function send(reply: FastifyReply, rendered: RenderedReceipt) {
  switch (rendered.format) {
    case 'json':
      return reply.type('application/json; charset=utf-8').send(rendered.receipt);
    case 'text':
      return reply.type('text/plain; charset=utf-8').send(rendered.body);
    case 'html':
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', RECEIPT_PAGE_CSP)
        .send(rendered.body);
    case 'escpos':
      return reply
        .type(ESC_POS_CONTENT_TYPE)
        .header('tillpoint-opens-drawer', String(rendered.opensDrawer))
        .send(Buffer.from(rendered.bytes));
  }
}

const FORMATS_DESCRIPTION =
  'format=json (default) answers the receipt model; text (columns=32|42|48) and html render it ' +
  "here; escpos answers printer bytes from the business's enabled printer plugin " +
  '(printer.not_configured when there is none), ending with a drawer kick only when ' +
  'openDrawer=true and the document moved cash. copy applies to the rendered formats (JSON ' +
  'is the model, which registers render with the copy they need): gift leaves prices out, ' +
  'reprint is marked as such; a reprint is recorded in the audit trail (receipt.reprinted).';

export const receiptRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { receipts } = services;
  const tags = ['receipts'];

  app.get(
    '/sales/:id/receipt',
    {
      schema: {
        tags,
        summary: 'The receipt of a completed sale',
        description: `${FORMATS_DESCRIPTION} An open, parked or voided sale has none (sale.not_completed).`,
        params: IdParams,
        querystring: ReceiptQuery,
        response: okResponse,
      },
    },
    async (request, reply) =>
      send(reply, await receipts.sale(request.ctx, request.params.id, request.query)),
  );
  app.get(
    '/refunds/:id/receipt',
    {
      schema: {
        tags,
        summary: 'The receipt of a refund, exchange return or reversal',
        description: FORMATS_DESCRIPTION,
        params: IdParams,
        querystring: ReceiptQuery,
        response: okResponse,
      },
    },
    async (request, reply) =>
      send(reply, await receipts.refund(request.ctx, request.params.id, request.query)),
  );
  app.get(
    '/registers/:id/receipt-profile',
    {
      schema: {
        tags,
        summary: 'What a register needs to build and print receipts by itself (also offline)',
        description:
          'The store block, register name, locale, time zone, header and footer lines, the names ' +
          "of the business's tax rates and the enabled printer plugin's rendering settings (null " +
          'when none is enabled; secrets are never included). A paired device, or a person ' +
          'signed in on it, reads the profile of its own register.',
        params: IdParams,
        response: { 200: ReceiptProfile, ...errors },
      },
    },
    (request) => receipts.profile(request.ctx, request.params.id),
  );
};
