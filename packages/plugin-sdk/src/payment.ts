import type { ConnectionCheck, WebhookRequest } from './common.ts';

// Card-present payments driven from the server: the platform creates the payment for a sale's
// balance, hands it to the store's reader, captures it once the customer has tapped or inserted
// the card, and refunds it later. Our payment and refund ids travel with every call so the
// plugin derives the vendor's idempotency keys from them: a retried call never charges twice.

export type PaymentStatus =
  /** Waiting on the reader / the customer. */
  | 'pending'
  /** Authorised, waiting for capture. */
  | 'requires_capture'
  | 'succeeded'
  /** Declined or errored; `failure` says why. A new attempt is a new payment. */
  | 'failed'
  | 'canceled';

export interface PaymentFailure {
  /** payment.declined, payment.reader_unavailable, payment.expired_card... */
  readonly code: string;
  /** What to tell the cashier ("Card declined: insufficient funds"). */
  readonly message: string;
}

export interface PaymentSnapshot {
  /** Our payment id (metadata at the vendor), so a webhook finds its payment. */
  readonly paymentId: string;
  readonly providerPaymentId: string;
  readonly status: PaymentStatus;
  readonly amountMinor: number;
  /** Captured so far; equals amountMinor once succeeded. */
  readonly capturedMinor: number;
  readonly currency: string;
  readonly failure: PaymentFailure | null;
  readonly card: { readonly brand: string | null; readonly last4: string | null } | null;
}

export interface StartPaymentRequest {
  readonly paymentId: string;
  readonly saleId: string;
  readonly amountMinor: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  /** The vendor's id of the register's card reader. */
  readonly readerId: string;
  /** Statement/dashboard description, e.g. "Sale 0003-000123 at Main Street". */
  readonly description: string;
}

export interface PaymentReference {
  readonly paymentId: string;
  readonly providerPaymentId: string;
}

export interface RefundRequest {
  /** Our refund payment id: the vendor idempotency key derives from it. */
  readonly refundId: string;
  readonly paymentId: string;
  readonly providerPaymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string | null;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface RefundSnapshot {
  readonly refundId: string;
  readonly providerRefundId: string;
  readonly paymentId: string;
  readonly status: RefundStatus;
  readonly amountMinor: number;
  readonly failure: PaymentFailure | null;
}

export interface ReaderStatus {
  readonly readerId: string;
  readonly online: boolean;
  /** Busy with another payment: a new one would be refused. */
  readonly busy: boolean;
  readonly label: string | null;
}

/** What a verified webhook means for us; `eventId` deduplicates deliveries. */
export type PaymentWebhookEvent =
  | { readonly type: 'payment'; readonly eventId: string; readonly payment: PaymentSnapshot }
  | { readonly type: 'refund'; readonly eventId: string; readonly refund: RefundSnapshot }
  | { readonly type: 'ignored'; readonly eventId: string; readonly reason: string };

export interface PaymentCapabilities {
  readonly cardPresent: boolean;
  /**
   * Store-and-forward: card payments the register may take offline and the plugin settles
   * later, within these limits. null: card payments need the connection.
   */
  readonly storeAndForward: {
    readonly maxPaymentMinor: number;
    readonly maxOutstandingMinor: number;
  } | null;
  readonly partialRefunds: boolean;
}

export interface PaymentAdapter {
  readonly capabilities: PaymentCapabilities;
  testConnection(): Promise<ConnectionCheck>;
  /** Creates the payment at the vendor and sends it to the reader; usually answers 'pending'. */
  startPayment(request: StartPaymentRequest): Promise<PaymentSnapshot>;
  /** Current state at the vendor (for polling and reconciling after downtime). */
  getPayment(reference: PaymentReference): Promise<PaymentSnapshot>;
  /** Captures an authorised payment in full. Capturing a captured payment returns it unchanged. */
  capture(reference: PaymentReference): Promise<PaymentSnapshot>;
  /** Cancels a payment not captured yet (and clears the reader). */
  cancel(reference: PaymentReference): Promise<PaymentSnapshot>;
  /** Gives money back on a captured payment, in full or in part. */
  refund(request: RefundRequest): Promise<RefundSnapshot>;
  readerStatus(readerId: string): Promise<ReaderStatus>;
  /**
   * Verifies a webhook (signature, timestamp) and says what it means. Throws
   * PluginError('webhook.bad_signature') when it cannot be trusted.
   */
  parseWebhook(request: WebhookRequest): Promise<PaymentWebhookEvent>;
}
