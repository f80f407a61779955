import { type Database, sql, type Tx } from '@tillpoint/db';
import { getCurrency, ROLES, type Role } from '@tillpoint/domain';
import type { RequestContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import type { SalesSettingsView, UpdateSalesSettingsInput } from './settings-schemas.ts';

// Reading the selling rules is open to every role (registers show them); changing them is
// settings.manage. Sales fix these terms when they open (see settings.ts), so a change reaches
// only sales opened afterwards.

type StoredSettings = Omit<SalesSettingsView, 'effectiveCashIncrementMinor'>;

async function selectSettings(tx: Tx, lock: 'for update' | 'none'): Promise<SalesSettingsView> {
  const row = await tx.one<StoredSettings>(sql`select currency, tax_mode as "taxMode",
      tax_rounding as "taxRounding", rounding_mode as "roundingMode",
      cash_increment_minor as "cashIncrementMinor", refund_destination as "refundDestination",
      discount_limits as "discountLimits", offline_tenders as "offlineTenders"
    from tenants ${lock === 'for update' ? sql`for update` : sql.empty}`);
  return {
    ...row,
    effectiveCashIncrementMinor:
      row.cashIncrementMinor ?? getCurrency(row.currency).cashIncrementMinor,
  };
}

function assertDiscountLimits(limits: Readonly<Record<string, number>>): void {
  for (const role of Object.keys(limits)) {
    if (!(ROLES as readonly string[]).includes(role))
      throw new AppError(
        'sales_settings.unknown_role',
        `There is no role "${role}"; discount limits name one of ${ROLES.filter((r) => r !== 'owner').join(', ')}.`,
        { role },
      );
    if ((role as Role) === 'owner')
      throw new AppError(
        'sales_settings.owner_unlimited',
        'The owner cannot be limited; remove "owner" from the discount limits.',
        { role },
      );
  }
}

export function createSalesSettingsService(db: Database) {
  return {
    async get(ctx: RequestContext): Promise<SalesSettingsView> {
      const authed = authorize(ctx, 'tenant.read');
      return db.withTenant(authed, (tx) => selectSettings(tx, 'none'));
    },

    /**
     * Changes the rules for sales opened from now on. Open and parked sales keep the terms they
     * were opened with (tax mode included), so nothing already rung up is repriced.
     */
    async update(ctx: RequestContext, input: UpdateSalesSettingsInput): Promise<SalesSettingsView> {
      const authed = authorize(ctx, 'settings.manage');
      if (input.discountLimits) assertDiscountLimits(input.discountLimits);
      return db.withTenant(authed, async (tx) => {
        const before = await selectSettings(tx, 'for update');
        const cashIncrementMinor =
          input.cashIncrementMinor === undefined
            ? before.cashIncrementMinor
            : input.cashIncrementMinor;
        await tx.execute(sql`update tenants set
            tax_mode = ${input.taxMode ?? before.taxMode},
            tax_rounding = ${input.taxRounding ?? before.taxRounding},
            rounding_mode = ${input.roundingMode ?? before.roundingMode},
            cash_increment_minor = ${cashIncrementMinor},
            refund_destination = ${input.refundDestination ?? before.refundDestination},
            discount_limits = ${sql.json(input.discountLimits ?? before.discountLimits)},
            offline_tenders = ${input.offlineTenders ?? before.offlineTenders}::text[]
          where id = ${authed.tenantId}`);
        const after = await selectSettings(tx, 'none');
        await recordAudit(tx, authed, {
          action: 'sales_settings.updated',
          targetType: 'tenant',
          targetId: authed.tenantId,
          before,
          after,
        });
        return after;
      });
    },
  };
}

export type SalesSettingsService = ReturnType<typeof createSalesSettingsService>;
