import { type Database, newId, type Tx } from '@tillpoint/db';
import { assertAttributeDefinitions } from '@tillpoint/domain';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { catalogRules } from './errors.ts';
import {
  type CategoryRow,
  clearDefaultTaxCategory,
  insertCategory,
  insertTaxCategory,
  lockCategoryTree,
  selectCategories,
  selectCategory,
  selectCategorySubtree,
  selectTaxCategories,
  selectTaxCategory,
  updateCategoryRow,
  updateTaxCategoryRow,
} from './taxonomy-queries.ts';
import type {
  CategoryView,
  CreateCategoryInput,
  CreateTaxCategoryInput,
  TaxCategoryView,
  UpdateCategoryInput,
  UpdateTaxCategoryInput,
} from './taxonomy-schemas.ts';

/**
 * Products without a tax category are taxed by the tenant's default one (at most one, by a
 * unique index). Making a category the default takes that role from the previous default in the
 * same transaction, audited as a change of that category too.
 */
async function clearPreviousDefault(tx: Tx, authed: ServiceContext, keepId: string): Promise<void> {
  const cleared = await clearDefaultTaxCategory(tx, keepId);
  if (!cleared) return;
  await recordAudit(tx, authed, {
    action: 'tax_category.updated',
    targetType: 'tax_category',
    targetId: cleared.before.id,
    before: cleared.before,
    after: cleared.after,
  });
}

/** Tax categories and the category tree with its attribute definitions. */
export function createTaxonomyService(db: Database) {
  return {
    async listTaxCategories(ctx: RequestContext): Promise<TaxCategoryView[]> {
      const authed = authorize(ctx, 'catalog.read');
      return db.withTenant(authed, (tx) => selectTaxCategories(tx));
    },

    createTaxCategory(
      ctx: RequestContext,
      input: CreateTaxCategoryInput,
    ): Promise<TaxCategoryView> {
      const authed = authorize(ctx, 'catalog.manage');
      const isDefault = input.isDefault ?? false;
      return catalogRules(() =>
        db.withTenant(authed, async (tx) => {
          const id = newId();
          if (isDefault) await clearPreviousDefault(tx, authed, id);
          const created = await insertTaxCategory(tx, authed.tenantId, id, {
            name: input.name.trim(),
            code: input.code,
            isDefault,
          });
          await recordAudit(tx, authed, {
            action: 'tax_category.created',
            targetType: 'tax_category',
            targetId: created.id,
            after: created,
          });
          return created;
        }),
      );
    },

    updateTaxCategory(
      ctx: RequestContext,
      id: string,
      input: UpdateTaxCategoryInput,
    ): Promise<TaxCategoryView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(() =>
        db.withTenant(authed, async (tx) => {
          // Before reading this category: clearing the default takes the tenant's default lock,
          // always before any category row lock, so two requests cannot wait on each other.
          if (input.isDefault === true) await clearPreviousDefault(tx, authed, id);
          const before = await selectTaxCategory(tx, id, 'for update');
          if (!before) throw notFound('tax_category', id);
          const after = await updateTaxCategoryRow(tx, id, {
            name: input.name?.trim() ?? before.name,
            code: input.code ?? before.code,
            isDefault: input.isDefault ?? before.isDefault,
          });
          if (!after) throw notFound('tax_category', id);
          await recordAudit(tx, authed, {
            action: 'tax_category.updated',
            targetType: 'tax_category',
            targetId: id,
            before,
            after,
          });
          return after;
        }),
      );
    },

    async listCategories(ctx: RequestContext): Promise<CategoryView[]> {
      const authed = authorize(ctx, 'catalog.read');
      return db.withTenant(authed, (tx) => selectCategories(tx));
    },

    async getCategory(ctx: RequestContext, id: string): Promise<CategoryView> {
      const authed = authorize(ctx, 'catalog.read');
      const category = await db.withTenant(authed, (tx) => selectCategory(tx, id));
      if (!category) throw notFound('category', id);
      return category;
    },

    createCategory(ctx: RequestContext, input: CreateCategoryInput): Promise<CategoryView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(async () => {
        const row: CategoryRow = {
          name: input.name.trim(),
          parentId: input.parentId ?? null,
          attributeDefinitions: input.attributeDefinitions ?? [],
        };
        assertAttributeDefinitions(row.attributeDefinitions);
        return db.withTenant(authed, async (tx) => {
          if (row.parentId && !(await selectCategory(tx, row.parentId)))
            throw notFound('category', row.parentId);
          const created = await insertCategory(tx, authed.tenantId, newId(), row);
          await recordAudit(tx, authed, {
            action: 'category.created',
            targetType: 'category',
            targetId: created.id,
            after: created,
          });
          return created;
        });
      });
    },

    updateCategory(
      ctx: RequestContext,
      id: string,
      input: UpdateCategoryInput,
    ): Promise<CategoryView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(async () => {
        if (input.attributeDefinitions) assertAttributeDefinitions(input.attributeDefinitions);
        return db.withTenant(authed, async (tx) => {
          const moving = input.parentId !== undefined;
          if (moving) await lockCategoryTree(tx);
          const before = await selectCategory(tx, id);
          if (!before) throw notFound('category', id);
          const row: CategoryRow = {
            name: input.name?.trim() ?? before.name,
            parentId: moving ? (input.parentId ?? null) : before.parentId,
            attributeDefinitions: input.attributeDefinitions ?? before.attributeDefinitions,
          };
          if (moving && row.parentId) {
            if (!(await selectCategory(tx, row.parentId))) throw notFound('category', row.parentId);
            if ((await selectCategorySubtree(tx, id)).includes(row.parentId)) {
              throw new AppError(
                'catalog.category_cycle',
                'A category cannot move under itself or one of its subcategories.',
                { parentId: row.parentId },
              );
            }
          }
          const after = await updateCategoryRow(tx, id, row);
          if (!after) throw notFound('category', id);
          await recordAudit(tx, authed, {
            action: 'category.updated',
            targetType: 'category',
            targetId: id,
            before,
            after,
          });
          return after;
        });
      });
    },
  };
}
