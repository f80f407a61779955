import argon2 from 'argon2';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1): strong enough for
// back-office passwords and short PINs, cheap enough that a 2-core server keeps serving during
// a burst of sign-ins. PIN guessing is stopped by lockout, not by hash cost alone.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashSecretText(plain: string): Promise<string> {
  return argon2.hash(plain, OPTIONS);
}

export async function verifySecretText(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the account does not exist keeps response times the same,
// so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | null = null;
export async function burnVerifyTime(plain: string): Promise<void> {
  dummyHash ??= hashSecretText('tillpoint-timing-equaliser');
  await verifySecretText(await dummyHash, plain);
}
