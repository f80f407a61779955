import type { PaymentWebhookEvent } from '@tillpoint/plugin-sdk';

// Where verified webhook events go. The plugin host checks signatures, deduplicates deliveries
// and records outcomes; what an event means for the business (a payment succeeded, a refund
// failed) is the payments code's to apply, through this interface.

export interface WebhookSinks {
  /**
   * Applies one verified payment event, once. 'ignored': nothing to do for it here (an unknown
   * payment, an outdated state). Throwing marks the delivery failed and asks the vendor to retry.
   */
  payment(
    ctx: { tenantId: string; requestId: string; ip: string },
    installation: { id: string; key: string },
    event: PaymentWebhookEvent,
  ): Promise<'applied' | 'ignored'>;
}
