import { type Database, newId, sql } from '@tillpoint/db';
import { actorId, type RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Outbox } from '../../events/outbox.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, authorizeStore, storeFilter } from '../identity/authorize.ts';
import { createLineService } from './line-service.ts';
import { createPaymentService } from './payment-service.ts';
import { insertSale, selectSale, selectSales } from './sale-queries.ts';
import type { CreateSaleInput, SalePageView, SaleQueryInput, SaleView } from './sale-schemas.ts';
import {
  assertOpen,
  assertSaleStore,
  cashierIdOf,
  deviceIdOf,
  loadRegister,
  loadSaleCustomer,
  lockSale,
  registerOf,
  stateError,
} from './sale-state.ts';
import { loadSalesSettings } from './settings.ts';
import { createSubmitService } from './submit-service.ts';
import { loadSaleView } from './views.ts';
import { createVoidService } from './void.ts';

// Opening, reading, parking and resuming sales. A sale opens on a register (the signed-in
// device's, or a named one for back-office users) and fixes the tenant's pricing terms on itself,
// so a settings change never reprices a sale already rung up.

const TARGET = 'sale';

function createSaleDocumentService(db: Database) {
  return {
    async create(
      ctx: RequestContext,
      input: CreateSaleInput,
    ): Promise<{ sale: SaleView; replayed: boolean }> {
      const authed = authorize(ctx, 'sales.sell');
      const registerId = registerOf(authed, input.registerId);
      const note = input.note?.trim() || null;
      return db.withTenant(authed, async (tx) => {
        const register = await loadRegister(tx, authed, registerId);
        const settings = await loadSalesSettings(tx);
        const customer = input.customerId ? await loadSaleCustomer(tx, input.customerId) : null;
        const id = input.id ?? newId();
        const inserted = await insertSale(tx, authed.tenantId, {
          id,
          storeId: register.storeId,
          registerId: register.id,
          customerId: customer?.id ?? null,
          cashierId: cashierIdOf(authed),
          deviceId: deviceIdOf(authed),
          currency: settings.currency,
          taxMode: settings.taxMode,
          taxRounding: settings.taxRounding,
          roundingMode: settings.roundingMode,
          cashIncrementMinor: settings.cashIncrementMinor,
          taxExempt: customer?.taxExempt ?? false,
          note,
          origin: 'online',
          occurredAt: null,
          offlineReference: null,
          submissionHash: null,
        });
        if (!inserted) {
          // The register chose this id before: the same request again gets the sale back.
          const existing = await selectSale(tx, id);
          if (
            existing &&
            existing.submissionHash === null &&
            existing.registerId === register.id &&
            existing.customerId === (customer?.id ?? null) &&
            existing.note === note
          ) {
            assertSaleStore(authed, existing.storeId);
            return { sale: await loadSaleView(tx, id), replayed: true };
          }
          throw new AppError(
            'sale.id_conflict',
            'Another sale already has this id; give the new sale a new id.',
            { saleId: id },
          );
        }
        await recordAudit(tx, authed, {
          action: 'sale.opened',
          targetType: TARGET,
          targetId: id,
          storeId: register.storeId,
          after: {
            registerId: register.id,
            customerId: customer?.id ?? null,
            currency: settings.currency,
            taxMode: settings.taxMode,
          },
        });
        return { sale: await loadSaleView(tx, id), replayed: false };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.read');
      // The header, lines and payments are separate reads: one snapshot keeps a completion
      // committing in between from showing a header and payments that disagree.
      return db.withTenant(
        authed,
        async (tx) => {
          const sale = await loadSaleView(tx, id);
          assertSaleStore(authed, sale.storeId);
          return sale;
        },
        { isolation: 'repeatable read' },
      );
    },

    async list(ctx: RequestContext, query: SaleQueryInput): Promise<SalePageView> {
      const authed = query.storeId
        ? authorizeStore(ctx, 'sales.read', query.storeId)
        : authorize(ctx, 'sales.read');
      const limit = query.limit ?? 50;
      const { cursor, limit: _limit, ...filter } = query;
      const rows = await db.withTenant(authed, async (tx) => {
        if (
          query.storeId &&
          !(await tx.maybeOne(sql`select 1 from stores where id = ${query.storeId}`))
        )
          throw notFound('store', query.storeId);
        return selectSales(tx, {
          ...filter,
          storeIds: storeFilter(authed.actor),
          ...(cursor ? { before: cursor } : {}),
          limit: limit + 1,
        });
      });
      const page = rows.slice(0, limit);
      return { sales: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
    },

    /** Puts an open sale aside (the customer went to fetch something); it keeps its lines. */
    async park(ctx: RequestContext, id: string): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.sell');
      return db.withTenant(authed, async (tx) => {
        const sale = await lockSale(tx, authed, id);
        assertOpen(sale);
        await tx.execute(sql`update sales set status = 'parked', parked_at = now(),
          version = version + 1 where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'sale.parked',
          targetType: TARGET,
          targetId: id,
          storeId: sale.storeId,
          after: { parkedBy: actorId(authed.actor) },
        });
        return loadSaleView(tx, id);
      });
    },

    async resume(ctx: RequestContext, id: string): Promise<SaleView> {
      const authed = authorize(ctx, 'sales.sell');
      return db.withTenant(authed, async (tx) => {
        const sale = await lockSale(tx, authed, id);
        if (sale.status === 'open')
          throw new AppError('sale.not_parked', 'This sale is not parked; it is already open.', {
            saleId: id,
          });
        if (sale.status !== 'parked') throw stateError(sale);
        await tx.execute(sql`update sales set status = 'open', parked_at = null,
          version = version + 1 where id = ${id}`);
        await recordAudit(tx, authed, {
          action: 'sale.resumed',
          targetType: TARGET,
          targetId: id,
          storeId: sale.storeId,
          before: { parkedAt: sale.parkedAt },
        });
        return loadSaleView(tx, id);
      });
    },
  };
}

/** Every sales use case, wired once (REST routes and GraphQL resolvers share them). */
export function createSalesService(db: Database, outbox: Outbox) {
  return {
    ...createSaleDocumentService(db),
    ...createLineService(db),
    ...createPaymentService(db, outbox),
    ...createVoidService(db, outbox),
    ...createSubmitService(db, outbox),
  };
}

export type SalesService = ReturnType<typeof createSalesService>;
