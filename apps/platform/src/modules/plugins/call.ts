import { isPluginError } from '@tillpoint/plugin-sdk';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.ts';

// Every call into plugin code goes through here: a time limit, and whatever the plugin throws
// becomes one of our errors. A vendor that hangs costs its own tenant a bounded wait; a plugin
// bug answers 502 for that call and never reaches the process (no unhandled rejection, no crash).

/** Whose call it is: enough to limit it, log it and name the plugin in errors. */
export interface PluginCallTarget {
  /** The installation id. */
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly tenantId: string;
  readonly timeoutMs: number;
  /** Already bound to the tenant and the plugin. */
  readonly logger: FastifyBaseLogger;
}

class TimeLimitExceeded extends Error {}

// Codes a plugin may hand to our clients as they are, if they mean a refusal (400/422), a
// conflict with an earlier call (409, e.g. one id used for two payments) or an unreachable
// vendor (503); anything else is reported as plugin.failed (a plugin must not be able
// to answer, say, auth.forbidden, idempotency.in_progress or a 404 of ours).
const PLUGIN_CODE = /^(plugin|payment|printer|accounting|webhook|document)\.[a-z0-9_]+$/;
const PLUGIN_STATUSES = new Set([400, 409, 422, 503]);

/** Converts what a plugin threw into an AppError, and logs it. */
export function pluginFailure(
  target: PluginCallTarget,
  operation: string,
  error: unknown,
): AppError {
  if (error instanceof AppError) return error;
  const where = { plugin: target.key, operation };
  // Our own limit, or the same limit on the plugin's outbound HTTP (ctx.http.fetch) firing first.
  if (error instanceof TimeLimitExceeded || isHttpTimeout(error)) {
    target.logger.warn({ ...where, timeoutMs: target.timeoutMs }, 'plugin call timed out');
    return new AppError(
      'plugin.unreachable',
      `${target.name} did not answer within ${formatSeconds(target.timeoutMs)}. Try again; if it ` +
        `keeps happening, check the ${target.name} service and its settings.`,
      { ...where, timeoutMs: target.timeoutMs },
    );
  }
  if (isPluginError(error)) {
    const details = { ...error.details, ...where, pluginCode: error.code };
    if (error.retryable) {
      target.logger.warn({ ...where, code: error.code }, error.message);
      return new AppError('plugin.unreachable', error.message, details);
    }
    const refusal = PLUGIN_CODE.test(error.code)
      ? new AppError(error.code, error.message, details)
      : null;
    if (refusal && PLUGIN_STATUSES.has(refusal.status)) {
      target.logger.info({ ...where, code: error.code }, error.message);
      return refusal;
    }
  }
  target.logger.error({ ...where, err: error }, 'plugin call failed');
  return new AppError(
    'plugin.failed',
    `${target.name} failed unexpectedly (${operation}). It has been logged; try again, and ` +
      'contact support if it persists.',
    where,
  );
}

function isHttpTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

async function withinTimeLimit<T>(
  target: PluginCallTarget,
  operation: string,
  pending: PromiseLike<T>,
): Promise<T> {
  const call = Promise.resolve(pending);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitExceeded()), target.timeoutMs);
  });
  try {
    return await Promise.race([call, limit]);
  } catch (error) {
    if (error instanceof TimeLimitExceeded) {
      // The call goes on without us; whatever it ends with is only logged, never left unhandled.
      call.catch((late: unknown) =>
        target.logger.warn(
          { plugin: target.key, operation, err: late },
          'plugin call failed after its time limit',
        ),
      );
    }
    throw pluginFailure(target, operation, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs plugin code under the installation's time limit, converting failures to AppErrors
 * (PluginError: its code, 422, or plugin.unreachable 503 when retryable; a timeout:
 * plugin.unreachable; anything else: plugin.failed 502).
 */
export async function callPlugin<T>(
  target: PluginCallTarget,
  operation: string,
  fn: () => T | PromiseLike<T>,
): Promise<T> {
  let result: T | PromiseLike<T>;
  try {
    result = fn();
  } catch (error) {
    throw pluginFailure(target, operation, error);
  }
  return withinTimeLimit(target, operation, Promise.resolve(result));
}

/** Calls a method: asynchronous results get the time limit, synchronous ones (rendering) as is. */
function invoke(target: PluginCallTarget, operation: string, run: () => unknown): unknown {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    throw pluginFailure(target, operation, error);
  }
  return isThenable(result) ? withinTimeLimit(target, operation, result) : result;
}

/**
 * The adapter as other modules use it: the same type, every method guarded as callPlugin does.
 * Reads go through a proxy of an empty object, so frozen adapters and class instances both work.
 */
export function guardAdapter<A extends object>(target: PluginCallTarget, adapter: A): A {
  return new Proxy({} as A, {
    get(_, property) {
      const value: unknown = invoke(target, String(property), () =>
        Reflect.get(adapter, property, adapter),
      );
      if (typeof value !== 'function' || typeof property === 'symbol') return value;
      return (...args: unknown[]) =>
        invoke(target, property, () =>
          (value as (...a: unknown[]) => unknown).apply(adapter, args),
        );
    },
    has: (_, property) => Reflect.has(adapter, property),
  });
}
