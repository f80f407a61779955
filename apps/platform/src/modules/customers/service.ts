import { type Database, isUniqueViolation, newId } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import { decodeCustomerCursor, decodePurchaseCursor, encodeCursor } from './cursor.ts';
import { changedCustomerFields, newCustomerFields } from './fields.ts';
import { selectPurchases } from './purchase-queries.ts';
import {
  insertCustomer,
  type NamedCustomer,
  searchCustomers,
  selectCustomer,
  setArchived,
  updateCustomerRow,
} from './queries.ts';
import type {
  CreateCustomerInput,
  CustomerPageView,
  CustomerView,
  PurchasePageView,
  UpdateCustomerInput,
} from './schemas.ts';

// Customers belong to the business, not to a store: any store's till may look one up, attach
// them to a sale or pay with their store credit. They are archived, never deleted (sales and
// ledger entries keep pointing at them).
//
// Purchase history needs customers.read only, not sales.read: a cashier looking a customer up at
// the till needs their receipts to take a return, and the history shows header figures only
// (receipt number, store, totals), across all stores, as the customer sees their own purchases.
// Every role holding customers.read holds sales.read too; the difference is for API tokens.

function emailTaken(error: unknown): never {
  if (isUniqueViolation(error, 'customers_email_key'))
    throw new AppError(
      'customer.email_taken',
      'Another active customer already has this email address; look them up instead.',
      { field: 'email' },
    );
  throw error;
}

const strip = ({ sortName: _sortName, ...customer }: NamedCustomer): CustomerView => customer;

export interface CustomerListQuery {
  readonly q?: string | undefined;
  readonly includeArchived?: boolean | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export function createCustomerService(db: Database) {
  return {
    async create(ctx: RequestContext, input: CreateCustomerInput): Promise<CustomerView> {
      const authed = authorize(ctx, 'customers.manage');
      const fields = newCustomerFields(input);
      const id = newId();
      try {
        return await db.withTenant(authed, async (tx) => {
          const customer = await insertCustomer(tx, authed.tenantId, id, fields);
          await recordAudit(tx, authed, {
            action: 'customer.created',
            targetType: 'customer',
            targetId: id,
            after: customer,
          });
          return customer;
        });
      } catch (error) {
        return emailTaken(error);
      }
    },

    async list(ctx: RequestContext, query: CustomerListQuery): Promise<CustomerPageView> {
      const authed = authorize(ctx, 'customers.read');
      const q = query.q?.trim() || null;
      const limit = query.limit ?? 50;
      const cursor = query.cursor ? decodeCustomerCursor(query.cursor) : null;
      const { tier, rows } = await db.withTenant(authed, async (tx) => {
        const find = (tier: 0 | 1) =>
          searchCustomers(tx, {
            q,
            tier,
            includeArchived: query.includeArchived ?? false,
            after: cursor,
            limit: limit + 1,
          });
        // Like the catalog: typos are forgiven only when nothing matches exactly, so a precise
        // search is never drowned in near misses. A cursor says which of the two it continues.
        const tier = cursor?.tier ?? 0;
        const found = await find(tier);
        if (found.length > 0 || tier === 1 || q === null || cursor) return { tier, rows: found };
        return { tier: 1 as const, rows: await find(1) };
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        customers: page.map(strip),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ tier, name: last.sortName, id: last.id })
            : null,
      };
    },

    async get(ctx: RequestContext, id: string): Promise<CustomerView> {
      const authed = authorize(ctx, 'customers.read');
      const customer = await db.withTenant(authed, (tx) => selectCustomer(tx, id));
      if (!customer) throw notFound('customer', id);
      return customer;
    },

    async update(
      ctx: RequestContext,
      id: string,
      input: UpdateCustomerInput,
    ): Promise<CustomerView> {
      const authed = authorize(ctx, 'customers.manage');
      try {
        return await db.withTenant(authed, async (tx) => {
          const before = await selectCustomer(tx, id, 'for update');
          if (!before) throw notFound('customer', id);
          const after = await updateCustomerRow(tx, id, changedCustomerFields(before, input));
          await recordAudit(tx, authed, {
            action: 'customer.updated',
            targetType: 'customer',
            targetId: id,
            before,
            after,
          });
          return after;
        });
      } catch (error) {
        return emailTaken(error);
      }
    },

    /** Refused while they hold store credit: archived customers cannot spend it. */
    async archive(ctx: RequestContext, id: string): Promise<CustomerView> {
      const authed = authorize(ctx, 'customers.manage');
      return db.withTenant(authed, async (tx) => {
        // The row lock orders this after any sale spending or crediting their balance.
        const before = await selectCustomer(tx, id, 'for update');
        if (!before) throw notFound('customer', id);
        if (before.archivedAt !== null) return before;
        if (before.storeCreditMinor > 0)
          throw new AppError(
            'customer.has_store_credit',
            'This customer still holds store credit; let them spend it or adjust it to zero first.',
            { storeCreditMinor: before.storeCreditMinor },
          );
        const after = await setArchived(tx, id, true);
        await recordAudit(tx, authed, {
          action: 'customer.archived',
          targetType: 'customer',
          targetId: id,
          before,
          after,
        });
        return after;
      });
    },

    /**
     * Brings an archived customer back (e.g. a refund put credit on them after archiving, which
     * they can only spend once active). Their email must still be free among active customers.
     */
    async restore(ctx: RequestContext, id: string): Promise<CustomerView> {
      const authed = authorize(ctx, 'customers.manage');
      try {
        return await db.withTenant(authed, async (tx) => {
          const before = await selectCustomer(tx, id, 'for update');
          if (!before) throw notFound('customer', id);
          if (before.archivedAt === null) return before;
          const after = await setArchived(tx, id, false);
          await recordAudit(tx, authed, {
            action: 'customer.restored',
            targetType: 'customer',
            targetId: id,
            before,
            after,
          });
          return after;
        });
      } catch (error) {
        return emailTaken(error);
      }
    },

    async purchases(
      ctx: RequestContext,
      id: string,
      query: { cursor?: string | undefined; limit?: number | undefined },
    ): Promise<PurchasePageView> {
      const authed = authorize(ctx, 'customers.read');
      const limit = query.limit ?? 50;
      const before = query.cursor ? decodePurchaseCursor(query.cursor) : null;
      const rows = await db.withTenant(authed, async (tx) => {
        if (!(await selectCustomer(tx, id))) throw notFound('customer', id);
        return selectPurchases(tx, id, before, limit + 1);
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        purchases: page,
        nextCursor:
          rows.length > limit && last ? encodeCursor({ at: last.occurredAt, id: last.id }) : null,
      };
    },
  };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
