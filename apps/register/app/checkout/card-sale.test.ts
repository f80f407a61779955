import type { TillpointClient } from '@tillpoint/api-client';
import { createTestApp, type TestApp } from '@tillpoint/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The platform's own card-payment fixtures: a shop whose tenant takes cards through the Stripe
// plugin against a local fake of Stripe's API (which sends signed webhooks back).
import {
  type CardShop,
  enableStripe,
  listen,
  TEST_CARDS,
} from '../../../platform/src/modules/payments/test-support.ts';
import {
  createItem,
  openDrawer,
  openShop,
  type Shop,
} from '../../../platform/src/modules/sales/test-support.ts';
import { createRegisterClient } from '../device/api.ts';
import { type Cart, type CartAction, cartReducer, emptyCart } from '../sale/cart.ts';
import { uuidv7 } from '../sale/uuid.ts';
import { requestApproval } from './approvals.ts';
import { completeOnServer, runCardTender } from './card-sale.ts';
import { ensureServerSale, voidServerSale } from './server-sale.ts';

let t: TestApp;
let baseUrl: string;
let shop: Shop;
let card: CardShop;
let register: TillpointClient;
let itemId: string;
let otherItemId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { PLUGIN_TIMEOUT_MS: '5000' } });
  baseUrl = await listen(t);
  shop = await openShop(t, 'Card Register Goods');
  card = await enableStripe(shop, baseUrl);
  itemId = await createItem(shop.retailer.owner, 2_500, { trackStock: false });
  otherItemId = await createItem(shop.retailer.owner, 1_000, { trackStock: false });
  await openDrawer(shop.till, shop.registerId);
  const token = shop.till.bearer;
  if (!token) throw new Error('the till has no bearer token');
  register = createRegisterClient(token, null, baseUrl);
});

afterAll(async () => {
  await card?.fake.close();
  await t?.close();
});

function variant(id: string, priceMinor: number) {
  return {
    id,
    name: `Item ${priceMinor}`,
    sku: id.slice(0, 8),
    priceMinor,
    taxCategoryId: null,
    unit: 'each' as const,
  };
}

function cartOf(...actions: CartAction[]): Cart {
  return actions.reduce(cartReducer, emptyCart());
}

/** Follows the card attempt, presenting the card once the reader waits for it. */
function presentWhenPending(number: string) {
  let presented = false;
  return () => {
    if (presented) return;
    presented = true;
    void card.presentCard(number);
  };
}

describe('a card sale from the register', () => {
  it('puts the cart on the server with its ids, takes cash then card, and completes once', async () => {
    const cashId = uuidv7();
    const cart = cartOf(
      { type: 'addVariant', variant: variant(itemId, 2_500), quantityMilli: 2000 },
      { type: 'addPayment', payment: { id: cashId, kind: 'cash', amountMinor: 2_000 } },
    );
    const paymentId = uuidv7();
    const present = presentWhenPending(TEST_CARDS.visa);
    const attempt = { paymentId, amountMinor: 3_000, expectedTotalMinor: 5_000 };
    const reply = await runCardTender({
      api: register.api,
      cart,
      registerId: shop.registerId,
      attempt,
      intervalMs: 50,
      onUpdate: (update) => {
        if (update.cardPayment.status === 'pending') present();
      },
    });
    expect(reply.cardPayment).toMatchObject({
      id: paymentId,
      status: 'succeeded',
      amountMinor: 3_000,
    });
    expect(reply.sale).toMatchObject({
      id: cart.id,
      status: 'completed',
      totalMinor: 5_000,
      paidMinor: 5_000,
    });
    expect(reply.sale.lines.map((line) => line.id)).toEqual(cart.lines.map((line) => line.id));
    expect(reply.sale.payments.map((payment) => [payment.id, payment.kind])).toEqual([
      [cashId, 'cash'],
      [paymentId, 'card'],
    ]);

    // The same attempt again (a lost answer): nothing is charged twice, the sale is unchanged.
    const again = await runCardTender({
      api: register.api,
      cart,
      registerId: shop.registerId,
      attempt,
      intervalMs: 50,
    });
    expect(again.cardPayment).toMatchObject({ id: paymentId, status: 'succeeded' });
    expect(card.fake.paymentIntents().filter((intent) => intent.amount === 3_000)).toHaveLength(1);
    const paid = cartReducer(cart, {
      type: 'addPayment',
      payment: { kind: 'card', amountMinor: 3_000, cardPaymentId: paymentId },
    });
    const completed = await completeOnServer(register.api, paid, shop.registerId, 5_000);
    expect(completed.status).toBe('completed');
    expect(completed.payments).toHaveLength(2);
  });

  it('after a declined card, a changed basket is reconciled and paid in cash', async () => {
    const first = cartOf(
      { type: 'addVariant', variant: variant(itemId, 2_500) },
      { type: 'addVariant', variant: variant(otherItemId, 1_000), quantityMilli: 3000 },
    );
    const present = presentWhenPending(TEST_CARDS.genericDecline);
    const declined = await runCardTender({
      api: register.api,
      cart: first,
      registerId: shop.registerId,
      attempt: { paymentId: uuidv7(), amountMinor: 5_500, expectedTotalMinor: 5_500 },
      intervalMs: 50,
      onUpdate: (update) => {
        if (update.cardPayment.status === 'pending') present();
      },
    });
    expect(declined.cardPayment.status).toBe('failed');
    expect(declined.sale).toMatchObject({ status: 'open', paidMinor: 0 });

    // The customer puts one item back and takes one of the other less, then pays cash.
    const [kept, dropped] = first.lines;
    if (!kept || !dropped) throw new Error('two lines expected');
    let changed = cartReducer(first, { type: 'removeLine', lineId: kept.id });
    changed = cartReducer(changed, {
      type: 'setQuantity',
      lineId: dropped.id,
      quantityMilli: 2000,
    });
    changed = cartReducer(changed, {
      type: 'addPayment',
      payment: { kind: 'cash', amountMinor: 5_000 },
    });
    const sale = await completeOnServer(register.api, changed, shop.registerId, 2_000);
    expect(sale).toMatchObject({
      id: first.id,
      status: 'completed',
      totalMinor: 2_000,
      changeMinor: 3_000,
    });
    expect(sale.lines.map((line) => [line.id, line.quantity])).toEqual([[dropped.id, 2]]);
  });

  it('voids an abandoned card sale only with a manager approval', async () => {
    const cart = cartOf({ type: 'addVariant', variant: variant(itemId, 2_500) });
    await ensureServerSale(register.api, cart, shop.registerId);
    await expect(voidServerSale(register.api, cart.id, 'Customer left')).rejects.toMatchObject({
      code: 'approval.required',
    });
    const approvalId = await requestApproval(register.api, {
      action: 'sale.void',
      approverId: shop.manager.id,
      pin: shop.manager.pin,
      subject: { saleId: cart.id },
    });
    const voided = await voidServerSale(register.api, cart.id, 'Customer left', approvalId);
    expect(voided).toMatchObject({ id: cart.id, status: 'voided' });
  });

  it('opens the same server sale however often the cart is sent', async () => {
    const cart = cartOf({
      type: 'addVariant',
      variant: variant(otherItemId, 1_000),
      quantityMilli: 2000,
    });
    const once = await ensureServerSale(register.api, cart, shop.registerId);
    const twice = await ensureServerSale(register.api, cart, shop.registerId);
    expect(twice.id).toBe(once.id);
    expect(twice.lines).toHaveLength(1);
    expect(twice.version).toBe(once.version);
  });
});
