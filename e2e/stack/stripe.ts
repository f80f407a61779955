// Card payments as a retailer turns them on: the real Stripe plugin, configured through the API,
// talking to a local fake of Stripe's HTTP API that delivers signed webhooks to the platform.
import { randomBytes } from 'node:crypto';
import type { TillpointClient } from '@tillpoint/api-client';
import { ok } from '@tillpoint/api-client';
import { createFakeStripe, type FakeStripe, TEST_CARDS } from '@tillpoint/payment-stripe/testing';
import Stripe from 'stripe';

export interface CardReader {
  readonly fake: FakeStripe;
  readonly readerId: string;
  /** The customer taps a card on the reader (Stripe's own test helper, through the SDK). */
  presentCard(number?: string): Promise<void>;
  close(): Promise<void>;
}

export async function enableCardPayments(
  owner: TillpointClient,
  platformUrl: string,
  registerId: string,
): Promise<CardReader> {
  const fake = await createFakeStripe({ accountName: 'Main Street Market' });
  const webhookSecret = `whsec_${randomBytes(12).toString('hex')}`;
  const saved = await ok(
    owner.api.PUT('/api/v1/plugins/{key}/installation', {
      params: { path: { key: 'payment-stripe' } },
      body: { config: { secretKey: fake.secretKey, webhookSecret, apiBaseUrl: fake.url } },
    }),
  );
  const installation = saved.installation;
  if (!installation) throw new Error('saving the Stripe settings returned no installation');
  await ok(
    owner.api.POST('/api/v1/plugins/{key}/installation/enable', {
      params: { path: { key: 'payment-stripe' } },
    }),
  );
  fake.webhookEndpoint(
    installation.webhookUrl ?? `${platformUrl}/plugins/payment-stripe/${installation.id}/webhooks`,
    webhookSecret,
  );
  const readerId = `tmr_${randomBytes(6).toString('hex')}`;
  fake.addReader({ id: readerId, label: 'Front Till reader', online: true });
  await ok(
    owner.api.PUT('/api/v1/registers/{id}/card-reader', {
      params: { path: { id: registerId } },
      body: { readerId },
    }),
  );

  const endpoint = new URL(fake.url);
  const sdk = new Stripe(fake.secretKey, {
    host: endpoint.hostname,
    port: endpoint.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return {
    fake,
    readerId,
    async presentCard(number = TEST_CARDS.visa) {
      await sdk.testHelpers.terminal.readers.presentPaymentMethod(readerId, {
        card_present: { number },
      });
    },
    close: () => fake.close(),
  };
}
