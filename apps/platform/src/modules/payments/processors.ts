import type { PaymentAdapter } from '@tillpoint/plugin-sdk';

// What card payments need from the plugin host: the tenant's enabled payment plugin for new
// payments, the very installation a payment was made with for everything after (a refund after
// the retailer switched processors still goes to the processor that took the money), and the
// host's time limit and error mapping around every call.

export interface PaymentProcessor {
  readonly installation: { readonly id: string; readonly key: string };
  readonly adapter: PaymentAdapter;
}

export interface ProcessorScope {
  readonly tenantId: string;
  readonly storeId: string | null;
}

export interface PaymentProcessors {
  enabled(scope: ProcessorScope): Promise<PaymentProcessor | null>;
  byInstallation(scope: ProcessorScope, installationId: string): Promise<PaymentProcessor | null>;
  /** PluginErrors come back as AppErrors (4xx: the processor said no; 5xx: outcome unknown). */
  call<T>(
    processor: PaymentProcessor,
    label: string,
    fn: (adapter: PaymentAdapter) => Promise<T>,
  ): Promise<T>;
}
