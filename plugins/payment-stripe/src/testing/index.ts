export { TEST_CARDS } from './fake/cards.ts';
export * from './fake-stripe.ts';
export { createStripeHarness, type StripeHarness, type StripeHarnessOptions } from './harness.ts';
