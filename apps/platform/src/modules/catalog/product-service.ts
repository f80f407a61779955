import { type Database, newId, type Tx } from '@tillpoint/db';
import { normalizeOptionNames } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, storeFilter } from '../identity/authorize.ts';
import { catalogRules, productArchived } from './errors.ts';
import { assertDistinctWithinRequest, prepareVariant } from './prepare-variant.ts';
import {
  assertAttributesFit,
  assertBarcodesFree,
  assertPlusFree,
  assertSkusFree,
  assertTaxCategory,
} from './product-checks.ts';
import {
  countActiveVariants,
  insertProduct,
  type ProductFields,
  type ProductRow,
  selectProductForUpdate,
  setProductArchived,
  updateProductRow,
} from './product-queries.ts';
import { loadProductView } from './product-views.ts';
import type { CreateProductInput, ProductView, UpdateProductInput } from './schemas.ts';
import { insertBarcode, insertVariant } from './variant-queries.ts';

function fieldsOf(row: ProductRow): ProductFields {
  const { id: _id, archivedAt: _a, createdAt: _c, updatedAt: _u, ...fields } = row;
  return fields;
}

/** Products as a whole: create (with variants), edit, archive and restore, read one. */
export function createProductService(db: Database) {
  return {
    async getProduct(ctx: RequestContext, id: string): Promise<ProductView> {
      const authed = authorize(ctx, 'catalog.read');
      const product = await db.withTenant(authed, (tx) =>
        loadProductView(tx, id, storeFilter(authed.actor)),
      );
      if (!product) throw notFound('product', id);
      return product;
    },

    createProduct(ctx: RequestContext, input: CreateProductInput): Promise<ProductView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(async () => {
        const optionNames = normalizeOptionNames(input.optionNames ?? []);
        const variants = input.variants.map((variant, index) =>
          prepareVariant(optionNames, variant, index),
        );
        assertDistinctWithinRequest(variants);
        const id = newId();
        return db.withTenant(authed, async (tx) => {
          const categoryId = input.categoryId ?? null;
          const taxCategoryId = input.taxCategoryId ?? null;
          const attributes = await assertAttributesFit(tx, categoryId, input.attributes ?? {});
          await assertTaxCategory(tx, taxCategoryId);
          await assertSkusFree(
            tx,
            variants.map((v) => v.fields.sku),
          );
          await assertBarcodesFree(
            tx,
            variants.flatMap((v) => v.barcodes),
          );
          await assertPlusFree(
            tx,
            variants.flatMap((v) => (v.fields.plu ? [v.fields.plu] : [])),
          );
          await insertProduct(tx, authed.tenantId, id, {
            name: input.name.trim(),
            description: input.description ?? '',
            categoryId,
            taxCategoryId,
            unit: input.unit ?? 'each',
            trackStock: input.trackStock ?? true,
            optionNames,
            attributes,
          });
          for (const variant of variants) {
            const variantId = newId();
            await insertVariant(tx, authed.tenantId, id, variantId, variant.fields);
            for (const barcode of variant.barcodes)
              await insertBarcode(tx, authed.tenantId, variantId, barcode);
          }
          // A new product has no store prices yet, so every caller may see all of it.
          const created = await loadOrFail(tx, id, null);
          await recordAudit(tx, authed, {
            action: 'product.created',
            targetType: 'product',
            targetId: id,
            after: created,
          });
          return created;
        });
      });
    },

    updateProduct(
      ctx: RequestContext,
      id: string,
      input: UpdateProductInput,
    ): Promise<ProductView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(async () => {
        const optionNames = input.optionNames ? normalizeOptionNames(input.optionNames) : null;
        return db.withTenant(authed, async (tx) => {
          const before = await selectProductForUpdate(tx, id);
          if (!before) throw notFound('product', id);
          if (before.archivedAt) throw productArchived(id);
          if (optionNames && optionNames.length !== before.optionNames.length) {
            if ((await countActiveVariants(tx, id)) > 0) {
              throw new AppError(
                'catalog.option_mismatch',
                'Options can be renamed but not added or removed while the product has active variants.',
                { optionNames: before.optionNames },
              );
            }
          }
          const categoryId = input.categoryId === undefined ? before.categoryId : input.categoryId;
          const taxCategoryId =
            input.taxCategoryId === undefined ? before.taxCategoryId : input.taxCategoryId;
          // Attributes are re-checked only when they or the category change: a category gaining a
          // required attribute does not block renaming its older products.
          const recheck = input.attributes !== undefined || categoryId !== before.categoryId;
          const after: ProductFields = {
            ...fieldsOf(before),
            ...(input.name !== undefined ? { name: input.name.trim() } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.unit !== undefined ? { unit: input.unit } : {}),
            ...(input.trackStock !== undefined ? { trackStock: input.trackStock } : {}),
            ...(optionNames ? { optionNames } : {}),
            categoryId,
            taxCategoryId,
            attributes: recheck
              ? await assertAttributesFit(tx, categoryId, input.attributes ?? before.attributes)
              : before.attributes,
          };
          await assertTaxCategory(tx, taxCategoryId);
          await updateProductRow(tx, id, after);
          await recordAudit(tx, authed, {
            action: 'product.updated',
            targetType: 'product',
            targetId: id,
            before: fieldsOf(before),
            after,
          });
          return loadOrFail(tx, id, storeFilter(authed.actor));
        });
      });
    },

    archiveProduct(ctx: RequestContext, id: string): Promise<ProductView> {
      return setArchived(ctx, id, true);
    },

    restoreProduct(ctx: RequestContext, id: string): Promise<ProductView> {
      return setArchived(ctx, id, false);
    },
  };

  async function setArchived(
    ctx: RequestContext,
    id: string,
    archived: boolean,
  ): Promise<ProductView> {
    const authed = authorize(ctx, 'catalog.manage');
    return catalogRules(() =>
      db.withTenant(authed, async (tx) => {
        const before = await selectProductForUpdate(tx, id);
        if (!before) throw notFound('product', id);
        // Idempotent: archiving an archived product (or restoring a live one) changes nothing.
        if ((before.archivedAt !== null) !== archived) {
          await setProductArchived(tx, id, archived);
          await recordAudit(tx, authed, {
            action: archived ? 'product.archived' : 'product.restored',
            targetType: 'product',
            targetId: id,
            before: { archivedAt: before.archivedAt },
          });
        }
        return loadOrFail(tx, id, storeFilter(authed.actor));
      }),
    );
  }
}

async function loadOrFail(
  tx: Tx,
  id: string,
  storeIds: readonly string[] | null,
): Promise<ProductView> {
  const view = await loadProductView(tx, id, storeIds);
  if (!view) throw notFound('product', id);
  return view;
}
