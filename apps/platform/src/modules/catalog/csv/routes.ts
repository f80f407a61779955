import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { standardErrors as errors } from '../../../http/route-errors.ts';
import { ERROR_SCHEMA_ID, IdParams } from '../../../http/schemas.ts';
import type { Services } from '../../../services.ts';
import { CSV_FORMAT_DESCRIPTION } from './format-description.ts';
import { MAX_IMPORT_BYTES, notMultipart } from './import-errors.ts';
import {
  CatalogImport,
  CatalogImportListQuery,
  CatalogImportPage,
  UploadBody,
} from './import-schemas.ts';
import type { IncomingFile } from './import-service.ts';

const tags = ['catalog'];
const ErrorRef = Type.Ref(ERROR_SCHEMA_ID);

/** The first file part of a multipart request, streamed (busboy stops at the size limit). */
async function receiveFile(request: FastifyRequest): Promise<IncomingFile | null> {
  if (!request.isMultipart()) throw notMultipart();
  const part = await request.file({
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, parts: 11 },
  });
  if (!part) return null;
  return {
    fieldName: part.fieldname,
    fileName: part.filename,
    mimeType: part.mimetype,
    stream: part.file,
  };
}

/** Catalog CSV import (upload, follow) and export, under /api/v1/catalog. */
export const catalogCsvRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { catalogImports, catalogExport } = services;
  // Scoped to these routes: the rest of the API stays JSON-only.
  await app.register(multipart);
  // Any other body type reaches the handler unread, which refuses it with a message about
  // uploads instead of Fastify's generic "send JSON" (Node discards the unread body).
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post(
    '/catalog/imports',
    {
      schema: {
        tags,
        summary: 'Upload a catalog CSV to import in the background',
        description: CSV_FORMAT_DESCRIPTION,
        consumes: ['multipart/form-data'],
        body: UploadBody,
        response: { 202: CatalogImport, 413: ErrorRef, 415: ErrorRef, 503: ErrorRef, ...errors },
      },
      // The body is streamed by the handler, not parsed by Fastify: its schema only documents it.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const created = await catalogImports.startImport(request.ctx, () => receiveFile(request));
      return reply
        .status(202)
        .header('location', `/api/v1/catalog/imports/${created.id}`)
        .send(created);
    },
  );
  app.get(
    '/catalog/imports',
    {
      schema: {
        tags,
        summary: 'Recent catalog imports, newest first',
        querystring: CatalogImportListQuery,
        response: { 200: CatalogImportPage, ...errors },
      },
    },
    (request) =>
      catalogImports.listImports(request.ctx, {
        cursor: request.query.cursor ?? null,
        limit: request.query.limit ?? 20,
      }),
  );
  app.get(
    '/catalog/imports/:id',
    {
      schema: {
        tags,
        summary: 'Status, progress, counts and error report of a catalog import',
        params: IdParams,
        response: { 200: CatalogImport, ...errors },
      },
    },
    (request) => catalogImports.getImport(request.ctx, request.params.id),
  );
  app.get(
    '/catalog/export',
    {
      schema: {
        tags,
        summary: 'The live catalog as CSV, in the import format (re-importing it changes nothing)',
        description: CSV_FORMAT_DESCRIPTION,
        produces: ['text/csv'],
        response: {
          200: {
            description: 'The catalog CSV, streamed',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const lines = await catalogExport.exportCatalog(request.ctx);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="catalog-${day}.csv"`)
        .send(Readable.from(lines, { highWaterMark: 1 }));
    },
  );
};
