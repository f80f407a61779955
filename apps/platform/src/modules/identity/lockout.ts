// Lockout policy for passwords and PINs, in one place so tests and messages agree.
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCK_MINUTES = 15;
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MINUTES = 15;

export const WEB_SESSION_HOURS = 12;
export const PIN_SESSION_HOURS = 12;
export const PAIRING_CODE_MINUTES = 15;
export const APPROVAL_MINUTES = 5;
