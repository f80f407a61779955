import type { Cart, CartPayment } from '../sale/cart.ts';
import type { SaleContext } from '../sale/context.ts';
import type { CartTotals } from '../sale/totals.ts';

/** What the receipt panel shows about a sale just completed. */
export interface CompletedSale {
  readonly saleId: string;
  /** outbox: queued locally (syncs later); server: completed online (card sales). */
  readonly via: 'outbox' | 'server';
  /** The cart as completed: lines, discounts and customer, for a receipt built on this register. */
  readonly cart: Cart;
  readonly totals: CartTotals;
  readonly context: SaleContext;
  readonly payments: readonly CartPayment[];
  readonly receiptNumber: number | null;
  readonly offline: boolean;
  readonly customerName: string | null;
  readonly completedAt: string;
  /** The bridge job that opens the drawer for this sale (cash only), chosen once. */
  readonly drawerJobId: string | null;
}

export const TENDER_LABELS: Record<CartPayment['kind'], string> = {
  cash: 'Cash',
  card: 'Card',
  external: 'External terminal',
  gift_card: 'Gift card',
  store_credit: 'Store credit',
  other: 'Other',
};
