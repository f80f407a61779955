import { type TSchema, Type } from 'typebox';

// Schema building blocks shared by every module's schemas.ts. Objects are closed
// (additionalProperties: false) so unknown fields are refused rather than silently dropped.

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const Timestamp = Type.String({ format: 'date-time' });

export function Closed<T extends Record<string, TSchema>>(properties: T, description?: string) {
  return Type.Object(properties, {
    additionalProperties: false,
    ...(description ? { description } : {}),
  });
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ERROR_SCHEMA_ID = 'Error';
export const ErrorResponse = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. auth.forbidden' }),
    message: Type.String(),
    requestId: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: ERROR_SCHEMA_ID, description: 'Every error has this shape' },
);

export const IdParams = Closed({ id: Uuid });

export const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone, e.g. Europe/London',
});

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
