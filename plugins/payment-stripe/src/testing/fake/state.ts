import { randomBytes } from 'node:crypto';

// The fake's memory, kept in Stripe's own JSON shape (snake_case) so answering a request is a
// copy, never a translation. Only the fields the plugin and its tests read are modelled.

export interface PaymentErrorJson {
  type: 'card_error';
  code: string;
  decline_code: string | null;
  message: string;
  charge: string | null;
}

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

export interface PaymentIntentJson {
  id: string;
  object: 'payment_intent';
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async' | 'manual';
  created: number;
  currency: string;
  description: string | null;
  last_payment_error: PaymentErrorJson | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  payment_method: string | null;
  payment_method_types: string[];
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
}

export interface ChargeJson {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  created: number;
  currency: string;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  outcome: { type: 'authorized' | 'issuer_declined'; reason: string | null } | null;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: {
    type: 'card_present';
    card_present: { brand: string; last4: string; funding: string };
  };
  refunded: boolean;
  status: 'succeeded' | 'failed';
}

export interface ReaderActionJson {
  type: 'process_payment_intent';
  status: 'in_progress' | 'succeeded' | 'failed';
  failure_code: string | null;
  failure_message: string | null;
  process_payment_intent: { payment_intent: string };
}

export interface ReaderJson {
  id: string;
  object: 'terminal.reader';
  action: ReaderActionJson | null;
  device_type: string;
  label: string;
  livemode: false;
  location: string | null;
  metadata: Record<string, string>;
  serial_number: string;
  status: 'online' | 'offline';
}

export interface RefundJson {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  failure_reason: string | null;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
}

export interface AccountJson {
  id: string;
  object: 'account';
  business_profile: { name: string | null };
  charges_enabled: boolean;
  country: string;
  default_currency: string;
  email: string | null;
  settings: { dashboard: { display_name: string | null } };
}

export type ApiKeyKind = 'secret' | 'restricted';

export class FakeStripeState {
  readonly apiKeys = new Map<string, ApiKeyKind>();
  readonly paymentIntents = new Map<string, PaymentIntentJson>();
  readonly charges = new Map<string, ChargeJson>();
  readonly readers = new Map<string, ReaderJson>();
  readonly refunds = new Map<string, RefundJson>();

  readonly account: AccountJson;

  constructor(account: AccountJson) {
    this.account = account;
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Stripe-looking ids: a type prefix and 24 random base-62 characters. */
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${id}`;
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export function copy<T>(value: T): T {
  return structuredClone(value);
}
