import { type Static, Type } from 'typebox';
import { Closed, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

const Email = Type.String({ format: 'email', maxLength: 254 });

export const Supplier = Closed({
  id: Uuid,
  name: Type.String(),
  contactName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SupplierView = Static<typeof Supplier>;

const supplierFields = {
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
};

export const CreateSupplierBody = Closed({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  ...supplierFields,
});
export type CreateSupplierInput = Static<typeof CreateSupplierBody>;

export const UpdateSupplierBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ...supplierFields,
    archived: Type.Optional(
      Type.Boolean({ description: 'Archived suppliers take no new purchase orders' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSupplierInput = Static<typeof UpdateSupplierBody>;

export const SupplierQuery = Closed({
  includeArchived: Type.Optional(Type.Boolean({ default: false })),
});
