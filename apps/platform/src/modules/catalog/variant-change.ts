import type { Database, Tx } from '@tillpoint/db';
import type { ServiceContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { storeFilter } from '../identity/authorize.ts';
import { catalogRules, productArchived, variantArchived } from './errors.ts';
import { loadProductView } from './product-views.ts';
import type { VariantView } from './schemas.ts';
import { selectVariantForUpdate } from './variant-queries.ts';

export type LockedVariant = NonNullable<Awaited<ReturnType<typeof selectVariantForUpdate>>>;

/** What a change did, for the audit trail; null when there was nothing to do. */
export interface VariantChange {
  readonly action: string;
  readonly storeId?: string;
  readonly before?: object;
  readonly after?: object;
}

/** The variant as the caller may see it (store prices of their stores only). */
export async function loadVariantView(
  tx: Tx,
  ctx: ServiceContext,
  variantId: string,
): Promise<VariantView> {
  const variant = await selectVariantForUpdate(tx, variantId);
  const product = variant
    ? await loadProductView(tx, variant.productId, storeFilter(ctx.actor))
    : null;
  const view = product?.variants.find((v) => v.id === variantId);
  if (!view) throw notFound('variant', variantId);
  return view;
}

/** Any variant of this tenant, locked with its product. */
export async function existingVariant(tx: Tx, id: string): Promise<LockedVariant> {
  const variant = await selectVariantForUpdate(tx, id);
  if (!variant) throw notFound('variant', id);
  return variant;
}

/** A variant that may still be changed: neither it nor its product is archived. */
export async function editableVariant(tx: Tx, id: string): Promise<LockedVariant> {
  const variant = await existingVariant(tx, id);
  if (variant.productArchivedAt) throw productArchived(variant.productId);
  if (variant.archivedAt) throw variantArchived(id);
  return variant;
}

/**
 * Runs one change to one variant in a transaction: lock it, apply, audit, read it back. A
 * refused change rolls back whole; the audit event commits with the change or not at all.
 */
export function variantChanger(db: Database) {
  return function change(
    ctx: ServiceContext,
    id: string,
    apply: (tx: Tx, variant: LockedVariant) => Promise<VariantChange | null>,
    load: (tx: Tx, id: string) => Promise<LockedVariant> = editableVariant,
  ): Promise<VariantView> {
    return catalogRules(() =>
      db.withTenant(ctx, async (tx) => {
        const variant = await load(tx, id);
        const entry = await apply(tx, variant);
        if (entry) {
          await recordAudit(tx, ctx, {
            targetType: 'variant',
            targetId: id,
            ...entry,
            after: { productId: variant.productId, ...(entry.after ?? {}) },
          });
        }
        return loadVariantView(tx, ctx, id);
      }),
    );
  };
}
