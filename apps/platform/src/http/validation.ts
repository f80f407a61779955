import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// Bodies are validated strictly: no type coercion ("12" is not 12) and unknown fields are refused,
// not silently stripped. Query strings and path params are text by nature, so they are coerced.
function build(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

export function installValidation(app: FastifyInstance): void {
  const body = build({ coerceTypes: false, removeAdditional: false });
  // 'array' also turns a single ?id=x into [x] for array parameters.
  const text = build({ coerceTypes: 'array', removeAdditional: false });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? body.compile(schema) : text.compile(schema),
  );
}
