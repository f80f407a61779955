import { API_TOKEN_SCOPES, APPROVAL_ACTIONS, PERMISSIONS, ROLES } from '@tillpoint/domain';
import { type Static, Type } from 'typebox';
import { Closed, Nullable, Timestamp, Uuid } from '../../http/schemas.ts';

const RoleSchema = Type.Enum(ROLES);
const Pin = Type.String({ pattern: '^[0-9]{4,8}$', description: '4 to 8 digits' });

export const User = Closed({
  id: Uuid,
  name: Type.String(),
  email: Nullable(Type.String()),
  role: Type.String(),
  allStores: Type.Boolean(),
  storeIds: Type.Array(Uuid),
  status: Type.String(),
  hasPassword: Type.Boolean(),
  hasPin: Type.Boolean(),
  loginLocked: Type.Boolean(),
  pinLocked: Type.Boolean(),
  createdAt: Timestamp,
});
export type UserView = Static<typeof User>;

export const CreateUserBody = Closed({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  role: RoleSchema,
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  pin: Type.Optional(Pin),
  storeIds: Type.Optional(Nullable(Type.Array(Uuid, { maxItems: 500, uniqueItems: true }))),
});
export type CreateUserInput = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    storeIds: Type.Optional(Nullable(Type.Array(Uuid, { maxItems: 500, uniqueItems: true }))),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserInput = Static<typeof UpdateUserBody>;

export const SetPinBody = Closed({ pin: Pin });

export const Me = Closed({
  actorType: Type.String(),
  user: Nullable(User),
  tenantId: Uuid,
  permissions: Type.Array(Type.String()),
  device: Nullable(Closed({ deviceId: Uuid, registerId: Uuid, storeId: Uuid })),
  csrfToken: Nullable(
    Type.String({
      description: 'Send as x-csrf-token on unsafe requests made with the session cookie',
    }),
  ),
});

export const PairingCode = Closed({
  code: Type.String({ description: 'Type this on the register within its validity' }),
  registerId: Uuid,
  expiresAt: Timestamp,
});

export const PairBody = Closed({
  code: Type.String({ minLength: 6, maxLength: 20 }),
  deviceName: Type.Optional(Type.String({ maxLength: 200 })),
});

export const PairedDevice = Closed({
  deviceToken: Type.String({ description: 'Shown once. Send as "Authorization: Bearer <token>"' }),
  deviceId: Uuid,
  registerId: Uuid,
  registerName: Type.String(),
  storeId: Uuid,
  storeName: Type.String(),
  tenantId: Uuid,
  tenantName: Type.String(),
});

export const Device = Closed({
  id: Uuid,
  registerId: Uuid,
  registerName: Type.String(),
  storeId: Uuid,
  pairedAt: Timestamp,
  pairedBy: Uuid,
  lastSeenAt: Nullable(Timestamp),
  userAgent: Nullable(Type.String()),
  revokedAt: Nullable(Timestamp),
});
export type DeviceView = Static<typeof Device>;

export const DeviceQuery = Closed({
  storeId: Type.Optional(Uuid),
  includeRevoked: Type.Optional(Type.Boolean({ default: false })),
});

export const RegisterStaff = Closed({
  id: Uuid,
  name: Type.String(),
  role: Type.String(),
  pinLocked: Type.Boolean(),
});

export const PinSignInBody = Closed({ userId: Uuid, pin: Pin });
export const PinSession = Closed({
  token: Type.String({ description: 'Shown once. Send as "Authorization: Bearer <token>"' }),
  sessionId: Uuid,
  expiresAt: Timestamp,
  user: Closed({ id: Uuid, name: Type.String(), role: Type.String() }),
});

const Scope = Type.Enum(API_TOKEN_SCOPES);
export const CreateApiTokenBody = Closed({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scopes: Type.Array(Scope, { minItems: 1, uniqueItems: true }),
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
export type CreateApiTokenInput = Static<typeof CreateApiTokenBody>;

export const ApiToken = Closed({
  id: Uuid,
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  createdBy: Uuid,
  createdAt: Timestamp,
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});
export type ApiTokenView = Static<typeof ApiToken>;
export const IssuedApiToken = Closed({
  token: Type.String({ description: 'Shown once; only its hash is stored' }),
  apiToken: ApiToken,
});

export const ApprovalBody = Closed({
  action: Type.Enum(APPROVAL_ACTIONS),
  approverId: Uuid,
  pin: Pin,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  subject: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type ApprovalInput = Static<typeof ApprovalBody>;
export const Approval = Closed({
  id: Uuid,
  action: Type.String(),
  requestedBy: Uuid,
  approvedBy: Uuid,
  expiresAt: Timestamp,
});
export type ApprovalView = Static<typeof Approval>;

export const PermissionMatrix = Type.Record(Type.String(), Type.Array(Type.String()));
export { PERMISSIONS };
