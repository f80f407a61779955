/** What "test the connection" answers: shown to the tenant admin as is. */
export interface ConnectionCheck {
  readonly ok: boolean;
  /** One sentence a shop owner understands ("Connected to Stripe account acct_…"). */
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A webhook as received, before anything is trusted: raw bytes for signature checks. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Uint8Array;
  readonly receivedAt: Date;
}
