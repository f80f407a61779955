import { type Database, newId, type Tx } from '@tillpoint/db';
import { normalizeOptionValues, normalizePlu } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { catalogRules, productArchived } from './errors.ts';
import { prepareVariant } from './prepare-variant.ts';
import { assertBarcodesFree, assertPlusFree, assertSkusFree } from './product-checks.ts';
import { selectProductForUpdate } from './product-queries.ts';
import type { UpdateVariantInput, VariantInput, VariantView } from './schemas.ts';
import {
  existingVariant,
  type LockedVariant,
  loadVariantView,
  variantChanger,
} from './variant-change.ts';
import {
  insertBarcode,
  insertVariant,
  setVariantArchived,
  updateVariantRow,
  type VariantFields,
} from './variant-queries.ts';

function fieldsOf(variant: LockedVariant): VariantFields {
  const { sku, optionValues, priceMinor, costMinor, plu, position } = variant;
  return { sku, optionValues, priceMinor, costMinor, plu, position };
}

/** Variants of a product: add, edit, archive and restore. */
export function createVariantService(db: Database) {
  const change = variantChanger(db);

  return {
    addVariant(ctx: RequestContext, productId: string, input: VariantInput): Promise<VariantView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(() =>
        db.withTenant(authed, async (tx) => {
          const product = await selectProductForUpdate(tx, productId);
          if (!product) throw notFound('product', productId);
          if (product.archivedAt) throw productArchived(productId);
          const variant = prepareVariant(product.optionNames, input, 0);
          await assertSkusFree(tx, [variant.fields.sku]);
          await assertBarcodesFree(tx, variant.barcodes);
          await assertPlusFree(tx, variant.fields.plu ? [variant.fields.plu] : []);
          const id = newId();
          await insertVariant(tx, authed.tenantId, productId, id, variant.fields);
          for (const barcode of variant.barcodes)
            await insertBarcode(tx, authed.tenantId, id, barcode);
          const view = await loadVariantView(tx, authed, id);
          await recordAudit(tx, authed, {
            action: 'variant.created',
            targetType: 'variant',
            targetId: id,
            after: view,
          });
          return view;
        }),
      );
    },

    updateVariant(
      ctx: RequestContext,
      id: string,
      input: UpdateVariantInput,
    ): Promise<VariantView> {
      const authed = authorize(ctx, 'catalog.manage');
      return change(authed, id, async (tx, variant) => {
        const before = fieldsOf(variant);
        const plu = input.plu === undefined ? before.plu : input.plu && normalizePlu(input.plu);
        const after: VariantFields = {
          sku: input.sku?.trim() ?? before.sku,
          optionValues: input.optionValues
            ? normalizeOptionValues(variant.optionNames, input.optionValues)
            : before.optionValues,
          priceMinor: input.priceMinor ?? before.priceMinor,
          costMinor: input.costMinor === undefined ? before.costMinor : input.costMinor,
          plu,
          position: input.position ?? before.position,
        };
        if (after.sku.toLowerCase() !== before.sku.toLowerCase())
          await assertSkusFree(tx, [after.sku], id);
        if (after.plu && after.plu !== before.plu) await assertPlusFree(tx, [after.plu], id);
        await updateVariantRow(tx, id, after);
        return { action: 'variant.updated', before, after };
      });
    },

    archiveVariant(ctx: RequestContext, id: string): Promise<VariantView> {
      const authed = authorize(ctx, 'catalog.manage');
      const archive = async (tx: Tx, v: LockedVariant) => {
        // Idempotent: archiving an archived variant changes (and audits) nothing.
        if (v.archivedAt) return null;
        await setVariantArchived(tx, id, true);
        return { action: 'variant.archived' };
      };
      return change(authed, id, archive, existingVariant);
    },

    restoreVariant(ctx: RequestContext, id: string): Promise<VariantView> {
      const authed = authorize(ctx, 'catalog.manage');
      const restore = async (tx: Tx, v: LockedVariant) => {
        if (v.productArchivedAt) throw productArchived(v.productId);
        if (!v.archivedAt) return null;
        // The product's options may have been added or removed while this variant was archived.
        normalizeOptionValues(v.optionNames, v.optionValues);
        await setVariantArchived(tx, id, false);
        return { action: 'variant.restored' };
      };
      return change(authed, id, restore, existingVariant);
    },
  };
}
