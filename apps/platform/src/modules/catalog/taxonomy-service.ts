import { type Database, newId } from '@tillpoint/db';
import { assertAttributeDefinitions } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { catalogRules } from './errors.ts';
import {
  type CategoryRow,
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
      return catalogRules(() =>
        db.withTenant(authed, async (tx) => {
          const created = await insertTaxCategory(tx, authed.tenantId, newId(), {
            name: input.name.trim(),
            code: input.code,
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
          const before = await selectTaxCategory(tx, id);
          if (!before) throw notFound('tax_category', id);
          const after = await updateTaxCategoryRow(tx, id, {
            name: input.name?.trim() ?? before.name,
            code: input.code ?? before.code,
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
