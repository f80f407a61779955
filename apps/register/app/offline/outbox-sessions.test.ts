import { describe, expect, it } from 'vitest';
import type { SubmitBody } from '../api-types.ts';
import { adoptSession, retryPlan, tokenFor } from './outbox-sessions.ts';
import type { OutboxEntry } from './records.ts';

// Which PIN session a queued sale may be sent with: only a newer one of the cashier who made it.

const body = { id: 'sale' } as unknown as SubmitBody;

function entry(change: Partial<OutboxEntry>): OutboxEntry {
  return {
    seq: 1,
    saleId: 'sale',
    body,
    token: 'old-ann',
    userId: 'ann',
    userName: 'Ann',
    createdAt: 1000,
    attempts: 2,
    nextAttemptAt: 5000,
    state: 'pending',
    ...change,
  };
}

/** An entry written before the register recorded who sold. */
function unattributed(change: Partial<OutboxEntry>): OutboxEntry {
  const { userId: _userId, userName: _userName, ...rest } = entry(change);
  return rest;
}

const refused = (status: number) => ({ status, code: `http.${status}`, message: 'no' });
const annAgain = { userId: 'ann', token: 'new-ann' };

describe('a new session for queued sales', () => {
  it("gives a waiting sale its cashier's new token, keeping its place and back-off", () => {
    expect(adoptSession(entry({}), annAgain, 9000)).toEqual(entry({ token: 'new-ann' }));
  });

  it('puts a sale refused for its session back in line at once', () => {
    const set = entry({ state: 'attention', lastError: refused(401) });
    expect(adoptSession(set, annAgain, 9000)).toEqual({
      ...set,
      state: 'pending',
      token: 'new-ann',
      nextAttemptAt: 9000,
    });
  });

  it("leaves other cashiers' sales, unknown sellers and other refusals alone", () => {
    expect(adoptSession(entry({ userId: 'bob', token: 'old-bob' }), annAgain, 9000)).toBeNull();
    expect(adoptSession(unattributed({}), annAgain, 9000)).toBeNull();
    expect(
      adoptSession(entry({ state: 'attention', lastError: refused(422) }), annAgain, 9000),
    ).toBeNull();
    expect(adoptSession(entry({ token: 'new-ann' }), annAgain, 9000)).toBeNull();
  });

  it("sends with a session only when it is the seller's", () => {
    expect(tokenFor(entry({}), annAgain)).toBe('new-ann');
    expect(tokenFor(entry({ userId: 'bob', token: 'old-bob' }), annAgain)).toBe('old-bob');
    expect(tokenFor(unattributed({}), annAgain)).toBe('old-ann');
    expect(tokenFor(entry({}), undefined)).toBe('old-ann');
  });
});

describe('send again from the settings screen', () => {
  const ann = { token: 'new-ann', user: { id: 'ann' } };
  const bob = { token: 'bob-now', user: { id: 'bob' } };

  it("resends the signed-in cashier's own sale under their session", () => {
    const set = entry({ state: 'attention', lastError: refused(401) });
    expect(retryPlan(set, ann)).toEqual({ session: annAgain, signInAs: null });
  });

  it("requeues anyone else's sale as it is, and names who must sign in", () => {
    const set = entry({ state: 'attention', lastError: refused(401) });
    expect(retryPlan(set, bob)).toEqual({ signInAs: 'Ann' });
    expect(retryPlan(set, null)).toEqual({ signInAs: 'Ann' });
    expect(retryPlan(unattributed(set), bob)).toEqual({
      signInAs: 'the cashier who made this sale',
    });
    // Refused for its content, not its session: a new session would not help.
    expect(retryPlan(entry({ state: 'attention', lastError: refused(422) }), bob)).toEqual({
      signInAs: null,
    });
  });
});
