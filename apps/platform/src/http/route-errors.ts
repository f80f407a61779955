import { ErrorResponse } from './schemas.ts';

/** The error responses every authenticated route can produce, for the OpenAPI document. */
export const standardErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  423: ErrorResponse,
  429: ErrorResponse,
};
