import { Type } from 'typebox';
import { ERROR_SCHEMA_ID } from './schemas.ts';

// One shared component for every error response keeps the OpenAPI document small and readable.
const ErrorRef = Type.Ref(ERROR_SCHEMA_ID);

/** The error responses every route can produce, for the OpenAPI document. */
export const standardErrors = {
  400: ErrorRef,
  401: ErrorRef,
  403: ErrorRef,
  404: ErrorRef,
  409: ErrorRef,
  422: ErrorRef,
  423: ErrorRef,
  429: ErrorRef,
};
