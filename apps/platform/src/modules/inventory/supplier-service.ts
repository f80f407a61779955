import { type Database, isUniqueViolation, newId } from '@tillpoint/db';
import type { RequestContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize } from '../identity/authorize.ts';
import {
  insertSupplier,
  selectSupplier,
  selectSuppliers,
  updateSupplierRow,
} from './supplier-queries.ts';
import type { CreateSupplierInput, SupplierView, UpdateSupplierInput } from './supplier-schemas.ts';

// Suppliers are who purchase orders go to. They hold contact details and costs, so reading them is
// part of purchasing, not of everyday stock work. They are archived, never deleted: orders keep
// pointing at them.

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error, 'suppliers_name_key'))
    throw new AppError('supplier.name_taken', 'Another active supplier already has this name.', {
      field: 'name',
    });
  throw error;
}

const trimmed = (value: string | null | undefined) => {
  const text = value?.trim();
  return text ? text : null;
};

export function createSupplierService(db: Database) {
  return {
    async list(ctx: RequestContext, includeArchived: boolean): Promise<SupplierView[]> {
      const authed = authorize(ctx, 'purchasing.manage');
      return db.withTenant(authed, (tx) => selectSuppliers(tx, includeArchived));
    },

    async get(ctx: RequestContext, id: string): Promise<SupplierView> {
      const authed = authorize(ctx, 'purchasing.manage');
      const supplier = await db.withTenant(authed, (tx) => selectSupplier(tx, id));
      if (!supplier) throw notFound('supplier', id);
      return supplier;
    },

    async create(ctx: RequestContext, input: CreateSupplierInput): Promise<SupplierView> {
      const authed = authorize(ctx, 'purchasing.manage');
      const name = input.name.trim();
      if (!name) throw new AppError('supplier.name_required', 'A supplier needs a name.');
      const id = newId();
      try {
        return await db.withTenant(authed, async (tx) => {
          const supplier = await insertSupplier(tx, authed.tenantId, id, {
            name,
            contactName: trimmed(input.contactName),
            email: trimmed(input.email),
            phone: trimmed(input.phone),
            notes: trimmed(input.notes),
          });
          await recordAudit(tx, authed, {
            action: 'supplier.created',
            targetType: 'supplier',
            targetId: id,
            after: supplier,
          });
          return supplier;
        });
      } catch (error) {
        return nameTaken(error);
      }
    },

    async update(
      ctx: RequestContext,
      id: string,
      input: UpdateSupplierInput,
    ): Promise<SupplierView> {
      const authed = authorize(ctx, 'purchasing.manage');
      const pick = (key: 'contactName' | 'email' | 'phone' | 'notes', current: string | null) =>
        input[key] === undefined ? current : trimmed(input[key]);
      try {
        return await db.withTenant(authed, async (tx) => {
          const before = await selectSupplier(tx, id, 'for update');
          if (!before) throw notFound('supplier', id);
          const name = input.name === undefined ? before.name : input.name.trim();
          if (!name) throw new AppError('supplier.name_required', 'A supplier needs a name.');
          const after = await updateSupplierRow(tx, id, {
            name,
            contactName: pick('contactName', before.contactName),
            email: pick('email', before.email),
            phone: pick('phone', before.phone),
            notes: pick('notes', before.notes),
            archived: input.archived ?? before.archivedAt !== null,
          });
          await recordAudit(tx, authed, {
            action: 'supplier.updated',
            targetType: 'supplier',
            targetId: id,
            before,
            after,
          });
          return after;
        });
      } catch (error) {
        return nameTaken(error);
      }
    },
  };
}

export type SupplierService = ReturnType<typeof createSupplierService>;
