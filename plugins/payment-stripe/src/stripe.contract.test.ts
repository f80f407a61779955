import { describePaymentContract } from '@tillpoint/plugin-sdk/contracts';
import { createStripeHarness } from './testing/index.ts';

// The Stripe plugin against the shared payment contract, through the real Stripe SDK talking to
// the local fake of Stripe's API.

describePaymentContract('payment-stripe', () => createStripeHarness());
