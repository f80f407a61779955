import { type Static, Type } from 'typebox';
import {
  Closed,
  Country,
  Currency,
  Nullable,
  Timestamp,
  TimeZone,
  Uuid,
} from '../../http/schemas.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });

export const SignupBody = Closed({
  businessName: Name,
  ownerName: Name,
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  country: Country,
  currency: Currency,
  timezone: TimeZone,
  storeName: Type.Optional(Name),
});
export type SignupInput = Static<typeof SignupBody>;

export const SignupResult = Closed({ tenantId: Uuid, userId: Uuid, storeId: Uuid });

export const Address = Closed({
  line1: Type.Optional(Type.String({ maxLength: 200 })),
  line2: Type.Optional(Type.String({ maxLength: 200 })),
  city: Type.Optional(Type.String({ maxLength: 100 })),
  region: Type.Optional(Type.String({ maxLength: 100 })),
  postalCode: Type.Optional(Type.String({ maxLength: 20 })),
  country: Type.Optional(Country),
});

const StoreFields = {
  name: Name,
  code: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z0-9-]{1,16}$' }))),
  address: Type.Optional(Address),
  timezone: TimeZone,
  currency: Type.Optional(Currency),
  receiptHeader: Type.Optional(Type.String({ maxLength: 1000 })),
  receiptFooter: Type.Optional(Type.String({ maxLength: 1000 })),
};

export const CreateStoreBody = Closed(StoreFields);
export type CreateStoreInput = Static<typeof CreateStoreBody>;

export const UpdateStoreBody = Type.Partial(CreateStoreBody, {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateStoreInput = Static<typeof UpdateStoreBody>;

export const Store = Closed({
  id: Uuid,
  name: Type.String(),
  code: Nullable(Type.String()),
  address: Address,
  timezone: Type.String(),
  currency: Type.String(),
  receiptHeader: Type.String(),
  receiptFooter: Type.String(),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type StoreView = Static<typeof Store>;

export const CreateRegisterBody = Closed({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export const UpdateRegisterBody = CreateRegisterBody;

export const Register = Closed({
  id: Uuid,
  storeId: Uuid,
  name: Type.String(),
  paired: Type.Boolean({ description: 'A device is paired to this register now' }),
  archivedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export type RegisterView = Static<typeof Register>;

export const Tenant = Closed({
  id: Uuid,
  name: Type.String(),
  country: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
  status: Type.String(),
  createdAt: Timestamp,
});
export type TenantView = Static<typeof Tenant>;

export const StoreQuery = Closed({
  includeArchived: Type.Optional(Type.Boolean({ default: false })),
});
