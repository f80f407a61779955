import { type Database, isUniqueViolation, newId } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { nameRequired, rateArchived } from './errors.ts';
import {
  archiveTaxRateRow,
  insertTaxRate,
  selectTaxRate,
  selectTaxRates,
  updateTaxRateRow,
} from './rate-queries.ts';
import type { CreateTaxRateInput, TaxRateView, UpdateTaxRateInput } from './rate-schemas.ts';

// Rates are read by everyone who prices (catalog.read: registers too) and changed by whoever
// manages the tenant's settings. A change applies to sales opened afterwards: a sale copies the
// rates it charges onto its lines when priced, so nothing already sold is repriced. Rates are
// archived, never deleted: sold lines and category sets keep pointing at them.

function codeTaken(error: unknown): never {
  if (isUniqueViolation(error, 'tax_rates_code_key'))
    throw new AppError(
      'tax_rate.code_taken',
      'Another tax rate (perhaps an archived one) already has this code; choose another code.',
      { field: 'code' },
    );
  throw error;
}

export function createTaxRateService(db: Database) {
  return {
    async list(ctx: RequestContext, includeArchived: boolean): Promise<TaxRateView[]> {
      const authed = authorize(ctx, 'catalog.read');
      return db.withTenant(authed, (tx) => selectTaxRates(tx, includeArchived));
    },

    async get(ctx: RequestContext, id: string): Promise<TaxRateView> {
      const authed = authorize(ctx, 'catalog.read');
      const rate = await db.withTenant(authed, (tx) => selectTaxRate(tx, id));
      if (!rate) throw notFound('tax_rate', id);
      return rate;
    },

    async create(ctx: RequestContext, input: CreateTaxRateInput): Promise<TaxRateView> {
      const authed = authorize(ctx, 'settings.manage');
      const name = input.name.trim();
      if (!name) throw nameRequired();
      try {
        return await db.withTenant(authed, async (tx) => {
          const rate = await insertTaxRate(tx, authed.tenantId, newId(), {
            code: input.code,
            name,
            ratePpm: input.ratePpm,
            compound: input.compound ?? false,
          });
          await recordAudit(tx, authed, {
            action: 'tax_rate.created',
            targetType: 'tax_rate',
            targetId: rate.id,
            after: rate,
          });
          return rate;
        });
      } catch (error) {
        return codeTaken(error);
      }
    },

    async update(ctx: RequestContext, id: string, input: UpdateTaxRateInput): Promise<TaxRateView> {
      const authed = authorize(ctx, 'settings.manage');
      const name = input.name?.trim();
      if (name === '') throw nameRequired();
      return db.withTenant(authed, async (tx) => {
        const before = await selectTaxRate(tx, id, 'for update');
        if (!before) throw notFound('tax_rate', id);
        if (before.archivedAt !== null) throw rateArchived(before);
        const after = await updateTaxRateRow(tx, id, {
          name: name ?? before.name,
          ratePpm: input.ratePpm ?? before.ratePpm,
          compound: input.compound ?? before.compound,
        });
        await recordAudit(tx, authed, {
          action: 'tax_rate.updated',
          targetType: 'tax_rate',
          targetId: id,
          before,
          after,
        });
        return after;
      });
    },

    /** Stops charging the rate everywhere it is listed. Archiving twice changes nothing. */
    async archive(ctx: RequestContext, id: string): Promise<TaxRateView> {
      const authed = authorize(ctx, 'settings.manage');
      return db.withTenant(authed, async (tx) => {
        const before = await selectTaxRate(tx, id, 'for update');
        if (!before) throw notFound('tax_rate', id);
        if (before.archivedAt !== null) return before;
        const after = await archiveTaxRateRow(tx, id);
        await recordAudit(tx, authed, {
          action: 'tax_rate.archived',
          targetType: 'tax_rate',
          targetId: id,
          before,
          after,
        });
        return after;
      });
    },
  };
}

export type TaxRateService = ReturnType<typeof createTaxRateService>;
