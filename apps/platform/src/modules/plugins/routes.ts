import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { standardErrors as errors } from '../../http/route-errors.ts';
import { IdParams } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CardReader,
  CardReaderBody,
  ConfigureBody,
  ConnectionCheck,
  PluginDetail,
  PluginList,
  PluginParams,
} from './schemas.ts';

export const pluginRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { plugins } = services;
  const tags = ['plugins'];

  app.get(
    '/plugins',
    {
      schema: {
        tags,
        summary: "The plugins this server offers, with this business's installation of each",
        response: { 200: PluginList, ...errors },
      },
    },
    (request) => plugins.list(request.ctx),
  );
  app.get(
    '/plugins/:key',
    {
      schema: {
        tags,
        summary:
          'One plugin: its settings schema and saved settings (secret ones only as set or not)',
        params: PluginParams,
        response: { 200: PluginDetail, ...errors },
      },
    },
    (request) => plugins.get(request.ctx, request.params.key),
  );
  app.put(
    '/plugins/:key/installation',
    {
      schema: {
        tags,
        summary:
          'Save the settings (checked against configSchema; secret settings left out are kept)',
        params: PluginParams,
        body: ConfigureBody,
        response: { 200: PluginDetail, ...errors },
      },
    },
    (request) => plugins.configure(request.ctx, request.params.key, request.body),
  );
  app.post(
    '/plugins/:key/installation/enable',
    {
      schema: {
        tags,
        summary: 'Start using this plugin (one enabled plugin per kind)',
        params: PluginParams,
        response: { 200: PluginDetail, ...errors },
      },
    },
    (request) => plugins.enable(request.ctx, request.params.key),
  );
  app.post(
    '/plugins/:key/installation/disable',
    {
      schema: {
        tags,
        summary: 'Stop using this plugin (its settings are kept)',
        params: PluginParams,
        response: { 200: PluginDetail, ...errors },
      },
    },
    (request) => plugins.disable(request.ctx, request.params.key),
  );
  app.post(
    '/plugins/:key/installation/test',
    {
      schema: {
        tags,
        summary: 'Check the saved settings against the vendor; a failure is ok: false, with why',
        params: PluginParams,
        response: { 200: ConnectionCheck, ...errors },
      },
    },
    (request) => plugins.testConnection(request.ctx, request.params.key),
  );
  app.get(
    '/registers/:id/card-reader',
    {
      schema: {
        tags,
        summary: "The register's card reader at the payment processor",
        params: IdParams,
        response: { 200: CardReader, ...errors },
      },
    },
    (request) => plugins.cardReader(request.ctx, request.params.id),
  );
  app.put(
    '/registers/:id/card-reader',
    {
      schema: {
        tags,
        summary: "Set (or clear with null) the register's card reader at the payment processor",
        params: IdParams,
        body: CardReaderBody,
        response: { 200: CardReader, ...errors },
      },
    },
    (request) => plugins.setCardReader(request.ctx, request.params.id, request.body),
  );
};
