/**
 * A refusal the bridge explains to its caller: `status` is the HTTP status, `code` is stable
 * (the register branches on it), `message` tells a person what to do.
 */
export class BridgeError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'BridgeError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function invalid(message: string, details?: Readonly<Record<string, unknown>>): BridgeError {
  return new BridgeError(400, 'validation.failed', message, details);
}
