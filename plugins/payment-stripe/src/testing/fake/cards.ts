// Stripe's documented test card numbers for card-present payments on simulated readers.

export type CardOutcome =
  | { readonly kind: 'approve'; readonly brand: string; readonly last4: string }
  | {
      readonly kind: 'decline';
      readonly brand: string;
      readonly last4: string;
      readonly code: string;
      readonly declineCode: string | null;
      readonly message: string;
    };

export const TEST_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  genericDecline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expired: '4000000000000069',
} as const;

const OUTCOMES: Readonly<Record<string, CardOutcome>> = {
  [TEST_CARDS.visa]: { kind: 'approve', brand: 'visa', last4: '4242' },
  [TEST_CARDS.mastercard]: { kind: 'approve', brand: 'mastercard', last4: '4444' },
  [TEST_CARDS.genericDecline]: {
    kind: 'decline',
    brand: 'visa',
    last4: '0002',
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  [TEST_CARDS.insufficientFunds]: {
    kind: 'decline',
    brand: 'visa',
    last4: '9995',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  [TEST_CARDS.expired]: {
    kind: 'decline',
    brand: 'visa',
    last4: '0069',
    code: 'expired_card',
    declineCode: null,
    message: 'Your card has expired.',
  },
};

export function cardOutcome(number: string): CardOutcome | null {
  return OUTCOMES[number] ?? null;
}
