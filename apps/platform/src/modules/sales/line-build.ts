import { sql, type Tx } from '@tillpoint/db';
import { assertUnitQuantity, toMilli, variantLabel } from '@tillpoint/domain';
import type { ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { findOrCreateGiftCard } from '../gift-cards/gift-card-ledger.ts';
import { resolveVariantTaxes } from '../tax/tax-table.ts';
import type { LineDraft } from './sale-queries.ts';
import type { GiftCardLineInput, ItemLineInput } from './sale-schemas.ts';

// Turning line requests into line drafts: what the catalog says the item is and costs in this
// store today, snapshotted onto the line so later catalog changes never rewrite a receipt.

/** API quantity (decimal) -> positive thousandths. */
export function lineQuantityMilli(quantity: number): number {
  const milli = toMilli(quantity);
  if (milli <= 0)
    throw new AppError(
      'sale.invalid_quantity',
      'A line quantity must be greater than zero; remove the line to take an item off the sale.',
      { quantity },
    );
  return milli;
}

interface VariantRow {
  readonly id: string;
  readonly productName: string;
  readonly optionValues: string[];
  readonly sku: string;
  readonly unit: 'each' | 'weight';
  readonly priceMinor: number;
  readonly archived: boolean;
}

export interface SellableVariant extends Omit<VariantRow, 'optionValues'> {
  readonly name: string;
  readonly taxCategoryId: string | null;
  readonly taxRates: LineDraft['taxRates'];
}

/**
 * The variants as sold in this store: the store's price when it has one, the variant's price
 * otherwise, and the tax rates charged there. Archived items are not sold, except on an offline
 * sale that already happened (the caller flags those).
 */
export async function loadSellableVariants(
  tx: Tx,
  storeId: string,
  variantIds: readonly string[],
  options: { allowArchived?: boolean } = {},
): Promise<Map<string, SellableVariant>> {
  const ids = [...new Set(variantIds)];
  if (ids.length === 0) return new Map();
  const rows = await tx.query<VariantRow>(sql`select v.id, p.name as "productName",
      v.option_values as "optionValues", v.sku, p.unit,
      coalesce(sp.price_minor, v.price_minor) as "priceMinor",
      (v.archived_at is not null or p.archived_at is not null) as archived
    from variants v
    join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
    left join variant_store_prices sp
      on sp.tenant_id = v.tenant_id and sp.variant_id = v.id and sp.store_id = ${storeId}
    where v.id = any(${ids}::uuid[])`);
  const taxes = await resolveVariantTaxes(tx, storeId, ids);
  const result = new Map<string, SellableVariant>();
  for (const row of rows) {
    if (row.archived && !options.allowArchived)
      throw new AppError(
        'sale.variant_archived',
        `${row.productName} (${row.sku}) is archived and can no longer be sold.`,
        { variantId: row.id },
      );
    const label = variantLabel(row.optionValues);
    const tax = taxes.get(row.id);
    result.set(row.id, {
      id: row.id,
      productName: row.productName,
      name: label ? `${row.productName} - ${label}` : row.productName,
      sku: row.sku,
      unit: row.unit,
      priceMinor: row.priceMinor,
      archived: row.archived,
      taxCategoryId: tax?.taxCategoryId ?? null,
      taxRates: [...(tax?.rates ?? [])],
    });
  }
  for (const id of ids) if (!result.has(id)) throw notFound('variant', id);
  return result;
}

export function itemLineDraft(
  variant: SellableVariant,
  input: ItemLineInput,
  id: string,
  position: number,
): LineDraft {
  const quantityMilli = lineQuantityMilli(input.quantity);
  assertUnitQuantity(quantityMilli, variant.unit);
  return {
    id,
    position,
    kind: 'item',
    variantId: variant.id,
    giftCardId: null,
    giftCardLast4: null,
    name: variant.name,
    sku: variant.sku,
    unit: variant.unit,
    quantityMilli,
    listUnitPriceMinor: variant.priceMinor,
    priceOverrideMinor: input.priceOverrideMinor ?? null,
    discount: input.discount ?? null,
    taxCategoryId: variant.taxCategoryId,
    taxRates: variant.taxRates,
    priceOverrideApprovalId: null,
    discountApprovalId: null,
  };
}

/**
 * A gift card sold or topped up: one untaxed unit at the amount loaded. The card exists from now
 * on (a new number creates it with a zero balance) but holds the value only once the sale
 * completes.
 */
export async function giftCardLineDraft(
  tx: Tx,
  ctx: ServiceContext,
  currency: string,
  input: GiftCardLineInput,
  id: string,
  position: number,
): Promise<LineDraft> {
  const card = await findOrCreateGiftCard(tx, ctx, input.giftCardCode, currency);
  return {
    id,
    position,
    kind: 'gift_card',
    variantId: null,
    giftCardId: card.id,
    giftCardLast4: card.last4,
    name: `Gift card ending ${card.last4}`,
    sku: null,
    unit: 'each',
    quantityMilli: 1000,
    listUnitPriceMinor: input.amountMinor,
    priceOverrideMinor: null,
    discount: null,
    taxCategoryId: null,
    taxRates: [],
    priceOverrideApprovalId: null,
    discountApprovalId: null,
  };
}
