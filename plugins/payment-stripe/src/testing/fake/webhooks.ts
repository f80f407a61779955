import Stripe from 'stripe';
import type { EmittedEvent } from './router.ts';
import { stripeId } from './state.ts';

// Events and their delivery to webhook endpoints, signed the way Stripe signs them
// (Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">). A test can hold deliveries
// back (our server is down), let them go, and deliver an event again (Stripe's retries).

export interface StripeEventJson {
  readonly id: string;
  readonly object: 'event';
  readonly api_version: string;
  readonly created: number;
  readonly data: { readonly object: object };
  readonly livemode: false;
  readonly pending_webhooks: number;
  readonly request: { readonly id: string | null; readonly idempotency_key: string | null };
  readonly type: string;
}

export interface WebhookDelivery {
  readonly eventId: string;
  readonly type: string;
  readonly url: string;
  /** HTTP status our endpoint answered; null when the connection failed. */
  readonly status: number | null;
  readonly error: string | null;
  readonly at: Date;
}

export interface SignedWebhook {
  readonly headers: Record<string, string>;
  readonly rawBody: Uint8Array;
}

interface Endpoint {
  readonly url: string;
  readonly secret: string;
}

interface StoredEvent {
  readonly event: StripeEventJson;
  /** The exact bytes Stripe signs and sends, every time (Stripe pretty-prints its payloads). */
  readonly payload: string;
}

export class WebhookDispatcher {
  readonly #events: StoredEvent[] = [];
  readonly #endpoints: Endpoint[] = [];
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #held: StoredEvent[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #apiVersion: string;
  #paused = false;
  #closed = false;

  constructor(apiVersion: string) {
    this.#apiVersion = apiVersion;
  }

  addEndpoint(url: string, secret: string): void {
    this.#endpoints.push({ url, secret });
  }

  publish(emitted: EmittedEvent): StripeEventJson {
    const event: StripeEventJson = {
      id: stripeId('evt'),
      object: 'event',
      api_version: this.#apiVersion,
      created: Math.floor(Date.now() / 1000),
      data: { object: emitted.object },
      livemode: false,
      pending_webhooks: this.#endpoints.length,
      request: emitted.request,
      type: emitted.type,
    };
    const stored = { event, payload: JSON.stringify(event, null, 2) };
    this.#events.push(stored);
    if (this.#paused) this.#held.push(stored);
    else this.#send(stored);
    return event;
  }

  events(): readonly StripeEventJson[] {
    return this.#events.map((stored) => stored.event);
  }

  deliveries(): readonly WebhookDelivery[] {
    return [...this.#deliveries];
  }

  pause(): void {
    this.#paused = true;
  }

  async resume(): Promise<void> {
    this.#paused = false;
    for (const stored of this.#held.splice(0)) this.#send(stored);
    await this.settle();
  }

  async redeliver(eventId: string): Promise<void> {
    this.#send(this.#find(eventId));
    await this.settle();
  }

  /** Waits until every delivery started so far has been answered. */
  async settle(): Promise<void> {
    for (let round = 0; round < 100 && this.#inFlight.size > 0; round++)
      await Promise.allSettled([...this.#inFlight]);
  }

  sign(eventId: string, options: { secret?: string; timestamp?: number } = {}): SignedWebhook {
    const stored = this.#find(eventId);
    const secret = options.secret ?? this.#endpoints[0]?.secret;
    if (!secret) throw new Error('No webhook endpoint secret: call webhookEndpoint(url, secret)');
    return signed(stored.payload, secret, options.timestamp);
  }

  close(): void {
    this.#closed = true;
  }

  #find(eventId: string): StoredEvent {
    const stored = this.#events.find((candidate) => candidate.event.id === eventId);
    if (!stored) throw new Error(`No event ${eventId}`);
    return stored;
  }

  #send(stored: StoredEvent): void {
    if (this.#closed) return;
    for (const endpoint of this.#endpoints) {
      const delivery = this.#deliver(stored, endpoint).finally(() =>
        this.#inFlight.delete(delivery),
      );
      this.#inFlight.add(delivery);
    }
  }

  async #deliver(stored: StoredEvent, endpoint: Endpoint): Promise<void> {
    const request = signed(stored.payload, endpoint.secret);
    const record = (status: number | null, error: string | null) =>
      this.#deliveries.push({
        eventId: stored.event.id,
        type: stored.event.type,
        url: endpoint.url,
        status,
        error,
        at: new Date(),
      });
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          ...request.headers,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: stored.payload,
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
      record(response.status, null);
    } catch (error) {
      record(null, error instanceof Error ? error.message : String(error));
    }
  }
}

function signed(payload: string, secret: string, timestamp?: number): SignedWebhook {
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
  return {
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
    rawBody: new TextEncoder().encode(payload),
  };
}
