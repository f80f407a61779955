import { type Database, newId } from '@tillpoint/db';
import { assertEmbeddedBarcodeRule, embeddedBarcodeLength } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import {
  deleteBarcodeRule,
  insertBarcodeRule,
  selectBarcodeRules,
} from './barcode-rule-queries.ts';
import type { BarcodeRuleView, CreateBarcodeRuleInput } from './barcode-rule-schemas.ts';
import { catalogRules } from './errors.ts';

/** The tenant's layouts for price- and weight-embedded barcodes. */
export function createBarcodeRuleService(db: Database) {
  return {
    async listBarcodeRules(ctx: RequestContext): Promise<BarcodeRuleView[]> {
      const authed = authorize(ctx, 'catalog.read');
      return db.withTenant(authed, (tx) => selectBarcodeRules(tx));
    },

    createBarcodeRule(
      ctx: RequestContext,
      input: CreateBarcodeRuleInput,
    ): Promise<BarcodeRuleView> {
      const authed = authorize(ctx, 'catalog.manage');
      return catalogRules(async () => {
        assertEmbeddedBarcodeRule(input);
        return db.withTenant(authed, async (tx) => {
          const rule = await insertBarcodeRule(tx, authed.tenantId, newId(), {
            ...input,
            name: input.name.trim(),
            barcodeLength: embeddedBarcodeLength(input),
          });
          await recordAudit(tx, authed, {
            action: 'barcode_rule.created',
            targetType: 'barcode_rule',
            targetId: rule.id,
            after: rule,
          });
          return rule;
        });
      });
    },

    async deleteBarcodeRule(ctx: RequestContext, id: string): Promise<BarcodeRuleView> {
      const authed = authorize(ctx, 'catalog.manage');
      return db.withTenant(authed, async (tx) => {
        const removed = await deleteBarcodeRule(tx, id);
        if (!removed) throw notFound('barcode_rule', id);
        await recordAudit(tx, authed, {
          action: 'barcode_rule.deleted',
          targetType: 'barcode_rule',
          targetId: id,
          before: removed,
        });
        return removed;
      });
    },
  };
}
