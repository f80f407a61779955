import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  backoffDelay,
  classifyReply,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
} from './outbox-policy.ts';

describe('classifyReply', () => {
  it('is done only when the server holds the sale', () => {
    expect(classifyReply(201)).toBe('done');
    expect(classifyReply(200)).toBe('done');
  });

  it('retries what decided nothing', () => {
    for (const status of [0, 302, 408, 429, 500, 502, 503, 504]) {
      expect(classifyReply(status), String(status)).toBe('retry');
    }
    expect(classifyReply(409, 'idempotency.in_progress')).toBe('retry');
    expect(classifyReply(409)).toBe('retry');
  });

  it('sets aside what the server refused, including conflicts a resend cannot change', () => {
    for (const status of [400, 401, 403, 404, 422, 423]) {
      expect(classifyReply(status), String(status)).toBe('attention');
    }
    expect(classifyReply(409, 'sale.id_conflict')).toBe('attention');
    expect(classifyReply(409, 'idempotency.outcome_unknown')).toBe('attention');
  });

  it('answers every status with exactly one verdict', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), (status) => {
        const verdict = classifyReply(status);
        expect(verdict === 'done').toBe(status >= 200 && status < 300);
        if (status >= 500) expect(verdict).toBe('retry');
      }),
    );
  });
});

describe('backoffDelay', () => {
  it('doubles its ceiling from 1 s up to 60 s', () => {
    const top = () => 0.999_999_9;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, top))).toEqual([
      999, 1999, 3999, 7999, 15_999, 31_999, 59_999, 59_999,
    ]);
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(2, () => 0.5)).toBe(1000);
  });

  it('stays within [0, min(60 s, 2^(n-1) s)) for any attempt and any random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 10_000 }),
        fc.double({ min: -1, max: 2, noNaN: true }),
        (attempt, unit) => {
          const delay = backoffDelay(attempt, () => unit);
          const ceiling = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** Math.max(0, attempt - 1));
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it('grows with the attempt for the same random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, u) => {
          expect(backoffDelay(n + 1, () => u)).toBeGreaterThanOrEqual(backoffDelay(n, () => u));
        },
      ),
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read and caps what is absurd', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
    expect(parseRetryAfter('999999999', now)).toBe(RETRY_AFTER_CAP_MS);
  });
});
