// Password rules for back-office sign-in. Length beats composition rules (NIST SP 800-63B);
// we refuse the obvious: too short, well-known, or made of the account's own name or email.
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  'password123',
  'password1234',
  'qwertyuiop',
  'qwerty12345',
  'iloveyou123',
  'letmein1234',
  'welcome1234',
  'admin12345',
  'passw0rd123',
  'abcdefghij',
  '0123456789',
  '1111111111',
  'aaaaaaaaaa',
  'changeme123',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_identity';

export function passwordProblem(
  password: string,
  identity: readonly string[] = [],
): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size <= 2) return 'common';
  // Any word of 4+ letters from the name, business or email's local part ("corner", "hardware").
  const words = identity.flatMap((part) =>
    (part.toLowerCase().split('@')[0] ?? '').split(/[^\p{L}\p{N}]+/u),
  );
  if (words.some((word) => word.length >= 4 && lower.includes(word))) return 'contains_identity';
  return null;
}

/** PINs: 4 to 8 digits, not all the same digit and not a straight run like 1234. */
export function pinProblem(pin: string): 'format' | 'trivial' | null {
  if (!/^\d{4,8}$/.test(pin)) return 'format';
  const digits = [...pin].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const ascending = digits.every((d, i) => i === 0 || d === (digits[i - 1] ?? 0) + 1);
  const descending = digits.every((d, i) => i === 0 || d === (digits[i - 1] ?? 0) - 1);
  return same || ascending || descending ? 'trivial' : null;
}
