import { ok, TillpointApiError } from '@tillpoint/api-client';
import type { ServerSale, ServerSaleLine } from '../api-types.ts';
import type { Api } from '../device/api.ts';
import { isNetworkError } from '../device/api.ts';
import type { Cart, CartLine } from '../sale/cart.ts';

// The cart as an open sale on the server, for a card payment (which belongs to a sale the
// server holds). Ids are the cart's, so every call here can be repeated: POST /sales with the
// same id answers the sale, and lines are reconciled with what the server already has (after a
// decline the cashier may have changed the basket) before any money is asked for.

function sameDiscount(a: CartLine['discount'], b: ServerSaleLine['discount']): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function quantityOf(line: CartLine): number {
  return line.quantityMilli / 1000;
}

async function getSale(api: Api, saleId: string): Promise<ServerSale | null> {
  const { data, error, response } = await api.GET('/api/v1/sales/{id}', {
    params: { path: { id: saleId } },
  });
  if (response.status === 404) return null;
  if (error !== undefined || !data) throw new TillpointApiError(response.status, error);
  return data;
}

/** Opens (or finds) the cart's sale on the server and makes its lines, discount and customer the cart's. */
export async function ensureServerSale(
  api: Api,
  cart: Cart,
  registerId: string,
): Promise<ServerSale> {
  let sale =
    (await getSale(api, cart.id)) ??
    (await ok(
      api.POST('/api/v1/sales', {
        params: { header: { 'idempotency-key': cart.id } },
        body: {
          id: cart.id,
          registerId,
          ...(cart.customer ? { customerId: cart.customer.id } : {}),
        },
      }),
    ));
  const saleId = sale.id;
  const path = { id: saleId };
  const wanted = new Map(cart.lines.map((line) => [line.id, line]));

  for (const line of sale.lines) {
    if (!wanted.has(line.id))
      sale = await ok(
        api.DELETE('/api/v1/sales/{id}/lines/{lineId}', {
          params: { path: { ...path, lineId: line.id } },
        }),
      );
  }
  const present = new Map(sale.lines.map((line) => [line.id, line]));
  for (const line of cart.lines) {
    const existing = present.get(line.id);
    const approval = line.overrideApprovalId ? { approvalId: line.overrideApprovalId } : {};
    const discountApproval = line.discountApprovalId
      ? { discountApprovalId: line.discountApprovalId }
      : {};
    if (!existing) {
      sale = await ok(
        api.POST('/api/v1/sales/{id}/lines', {
          params: { path, header: { 'idempotency-key': `${saleId}:${line.id}` } },
          body: {
            id: line.id,
            kind: 'item',
            variantId: line.variant.id,
            quantity: quantityOf(line),
            ...(line.priceOverrideMinor === null
              ? {}
              : { priceOverrideMinor: line.priceOverrideMinor }),
            ...(line.discount === null ? {} : { discount: line.discount }),
            ...approval,
            ...discountApproval,
          },
        }),
      );
      continue;
    }
    const changed =
      existing.quantity !== quantityOf(line) ||
      existing.priceOverrideMinor !== line.priceOverrideMinor ||
      !sameDiscount(line.discount, existing.discount);
    if (changed)
      sale = await ok(
        api.PATCH('/api/v1/sales/{id}/lines/{lineId}', {
          params: { path: { ...path, lineId: line.id } },
          body: {
            quantity: quantityOf(line),
            priceOverrideMinor: line.priceOverrideMinor,
            discount: line.discount,
            ...approval,
            ...discountApproval,
          },
        }),
      );
  }
  if (JSON.stringify(sale.orderDiscount ?? null) !== JSON.stringify(cart.orderDiscount))
    sale = await ok(
      api.PUT('/api/v1/sales/{id}/discount', {
        params: { path },
        body: {
          discount: cart.orderDiscount,
          ...(cart.orderDiscountApprovalId ? { approvalId: cart.orderDiscountApprovalId } : {}),
        },
      }),
    );
  const customerId = cart.customer?.id ?? null;
  if (sale.customerId !== customerId)
    sale = await ok(
      api.PUT('/api/v1/sales/{id}/customer', { params: { path }, body: { customerId } }),
    );
  return sale;
}

/** Voids the open server sale (a manager's approval when it has items and the role needs one). */
export async function voidServerSale(
  api: Api,
  saleId: string,
  reason: string,
  approvalId?: string,
): Promise<ServerSale> {
  return ok(
    api.POST('/api/v1/sales/{id}/void', {
      params: { path: { id: saleId } },
      body: { reason, ...(approvalId ? { approvalId } : {}) },
    }),
  );
}

/** Repeats a call that got no answer at all, with the same ids, a few times. */
export async function withRetries<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isNetworkError(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
    }
  }
}
