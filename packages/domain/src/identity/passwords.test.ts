import { describe, expect, it } from 'vitest';
import { passwordProblem, pinProblem } from './passwords.ts';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblem('correct-horse-battery-9', ['pat@example.com', 'Pat Owner'])).toBeNull();
  });
  it.each([
    ['short', 'abc12', 'too_short'],
    ['common', 'Password123', 'common'],
    ['one repeated symbol', 'zzzzzzzzzzzz', 'common'],
    ['email local part', 'robin.reyes-2024', 'contains_identity'],
    ['business word', 'my-hardware-store-1', 'contains_identity'],
  ])('refuses %s', (_label, password, problem) => {
    expect(passwordProblem(password, ['robin.reyes@example.com', 'Corner Hardware'])).toBe(problem);
  });
});

describe('PIN policy', () => {
  it.each(['1357', '2580', '90210', '48261739'])('accepts %s', (pin) =>
    expect(pinProblem(pin)).toBeNull(),
  );
  it.each([
    ['123', 'format'],
    ['12a4', 'format'],
    ['123456789', 'format'],
    ['1111', 'trivial'],
    ['1234', 'trivial'],
    ['9876', 'trivial'],
  ])('refuses %s', (pin, problem) => expect(pinProblem(pin)).toBe(problem));
});
