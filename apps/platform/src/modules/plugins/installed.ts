import { csvAccountingPlugin } from '@tillpoint/accounting-csv';
import { stripePlugin } from '@tillpoint/payment-stripe';
import type { AnyPlugin } from '@tillpoint/plugin-sdk';
import { escposPlugin } from '@tillpoint/printer-escpos';

/** The plugins this build carries, registered at boot (tests may register their own instead). */
export const INSTALLED_PLUGINS: readonly AnyPlugin[] = [
  stripePlugin,
  escposPlugin,
  csvAccountingPlugin,
];
