import { isPricingError, QuantityError } from '@tillpoint/domain';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function describeValidation(
  context: string | undefined,
  issues: readonly ValidationIssue[],
): string {
  return issues
    .map((issue) => {
      const path = `${context ?? 'body'}${issue.instancePath ?? ''}`.replace(/\//g, '.');
      if (issue.keyword === 'additionalProperties') {
        return `${path} has unknown field "${String(issue.params?.additionalProperty)}"`;
      }
      if (issue.keyword === 'required')
        return `${path} is missing "${String(issue.params?.missingProperty)}"`;
      return `${path} ${issue.message ?? 'is invalid'}`;
    })
    .join('; ');
}

/** Maps any thrown value to {code, message}: stable codes, and no internals on 5xx. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // The pure domain speaks the same stable codes; its refusals are the caller's to fix.
  if (error instanceof QuantityError || isPricingError(error)) {
    return new AppError(
      error.code,
      error.message,
      'details' in error ? (error.details as Record<string, unknown>) : undefined,
    );
  }
  const fastifyError = error as FastifyError & {
    validation?: ValidationIssue[];
    validationContext?: string;
  };
  if (fastifyError.validation) {
    return new AppError(
      'validation.failed',
      describeValidation(fastifyError.validationContext, fastifyError.validation),
      {
        issues: fastifyError.validation.map((issue) => ({
          path: `${fastifyError.validationContext ?? 'body'}${issue.instancePath ?? ''}`,
          message: issue.message,
        })),
      },
    );
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('request.malformed_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('request.unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('request.too_large', 'The request body is too large.');
    case 'FST_ERR_RATE_LIMIT_EXCEEDED':
      return new AppError('rate_limited', 'Too many requests; wait a moment and try again.');
  }
  if (fastifyError.statusCode === 429) {
    return new AppError('rate_limited', 'Too many requests; wait a moment and try again.');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('request.invalid', fastifyError.message);
  }
  return new AppError(
    'internal',
    'Something went wrong on our side. It has been logged; try again.',
  );
}

export const errorHandling = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error);
      if (appError.status >= 500) {
        request.log.error({ err: error }, 'request failed');
      } else {
        request.log.info({ code: appError.code }, appError.message);
      }
      return reply.status(appError.status).send({
        code: appError.code,
        message: appError.message,
        requestId: request.id,
        ...(appError.details ? { details: appError.details } : {}),
      });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        code: 'route.not_found',
        message: `No route ${request.method} ${request.url.split('?')[0]}.`,
        requestId: request.id,
      }),
    );
  },
  { name: 'tillpoint-errors' },
);
