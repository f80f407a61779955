// Errors the way Stripe answers them: an HTTP status plus {error: {type, code, message, ...}}.
// The SDK picks its error class from the status (401 authentication, 402 card, 403 permission,
// 400/404 invalid request, 429 rate limit, 5xx api error), so statuses must be right.

export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error';

export interface StripeErrorBody {
  readonly type: StripeErrorType;
  readonly message: string;
  readonly code?: string;
  readonly decline_code?: string;
  readonly param?: string;
  readonly doc_url?: string;
}

export class FakeStripeError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  /**
   * True when Stripe refuses the request before any endpoint runs (bad parameters, bad key):
   * such answers are not saved under the idempotency key, so a corrected retry may reuse it.
   */
  readonly beforeExecution: boolean;

  constructor(status: number, body: StripeErrorBody, beforeExecution = false) {
    super(body.message);
    this.name = 'FakeStripeError';
    this.status = status;
    this.body = body;
    this.beforeExecution = beforeExecution;
  }

  static invalidParameter(
    param: string,
    message: string,
    options: { code?: string } = {},
  ): FakeStripeError {
    return new FakeStripeError(
      400,
      { type: 'invalid_request_error', code: options.code ?? 'parameter_invalid', param, message },
      true,
    );
  }

  static missingParameter(param: string): FakeStripeError {
    return new FakeStripeError(
      400,
      {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param,
        message: `Missing required param: ${param}.`,
      },
      true,
    );
  }

  static missing(kind: string, id: string, param = 'id'): FakeStripeError {
    return new FakeStripeError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param,
      message: `No such ${kind}: '${id}'`,
    });
  }

  static unexpectedState(message: string): FakeStripeError {
    return new FakeStripeError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message,
    });
  }

  static invalidRequest(message: string, code?: string, param?: string): FakeStripeError {
    return new FakeStripeError(400, {
      type: 'invalid_request_error',
      message,
      ...(code ? { code } : {}),
      ...(param ? { param } : {}),
    });
  }
}

/** What an overloaded or failing Stripe answers for the status a test injects. */
export function injectedFailureBody(status: number): StripeErrorBody {
  if (status === 429)
    return {
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: 'Too many requests hit the API too quickly.',
    };
  return {
    type: 'api_error',
    message: 'An unknown error occurred while processing your request.',
  };
}
