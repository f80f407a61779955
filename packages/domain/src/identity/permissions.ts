import type { Role } from './roles.ts';

/**
 * The permission matrix, kept as data: which roles hold which permission. Every use case names
 * the permission it needs and one function checks it, for REST, GraphQL and jobs alike. Front
 * ends import the same table to hide what a user cannot do.
 */
export const PERMISSION_MATRIX = {
  'tenant.read': ['owner', 'admin', 'manager', 'cashier', 'accountant'],
  'tenant.manage': ['owner'],
  'stores.read': ['owner', 'admin', 'manager', 'cashier', 'accountant'],
  'stores.manage': ['owner', 'admin'],
  'registers.read': ['owner', 'admin', 'manager', 'cashier'],
  'registers.manage': ['owner', 'admin', 'manager'],
  'devices.pair': ['owner', 'admin', 'manager'],
  'devices.revoke': ['owner', 'admin', 'manager'],
  'staff.read': ['owner', 'admin', 'manager'],
  'staff.manage': ['owner', 'admin'],
  'staff.unlock': ['owner', 'admin', 'manager'],
  'api_tokens.manage': ['owner', 'admin'],
  'approvals.grant': ['owner', 'admin', 'manager'],
  'approvals.request': ['owner', 'admin', 'manager', 'cashier'],
  'audit.read': ['owner', 'admin', 'accountant'],
  'audit.verify': ['owner', 'admin', 'accountant'],
  'settings.manage': ['owner', 'admin'],
  'catalog.read': ['owner', 'admin', 'manager', 'cashier', 'accountant'],
  'catalog.manage': ['owner', 'admin'],
  'catalog.import': ['owner', 'admin'],
  'inventory.read': ['owner', 'admin', 'manager', 'cashier', 'accountant'],
  'inventory.adjust': ['owner', 'admin', 'manager'],
  'inventory.count': ['owner', 'admin', 'manager', 'cashier'],
  'inventory.count_approve': ['owner', 'admin', 'manager'],
  'inventory.transfer': ['owner', 'admin', 'manager'],
  'inventory.receive': ['owner', 'admin', 'manager'],
  'inventory.receive_over': ['owner', 'admin'],
  'purchasing.manage': ['owner', 'admin', 'manager'],
  'sales.read': ['owner', 'admin', 'manager', 'cashier', 'accountant'],
  'sales.sell': ['owner', 'admin', 'manager', 'cashier'],
  // Held by managers; a cashier needs a manager's approval for each one (APPROVAL_ACTIONS).
  'sales.void': ['owner', 'admin', 'manager'],
  'sales.price_override': ['owner', 'admin', 'manager'],
  'sales.refund': ['owner', 'admin', 'manager', 'cashier'],
  'sales.refund_without_receipt': ['owner', 'admin', 'manager'],
  'sales.reverse': ['owner', 'admin', 'manager'],
  'customers.read': ['owner', 'admin', 'manager', 'cashier', 'accountant'],
  'customers.manage': ['owner', 'admin', 'manager', 'cashier'],
  'customers.adjust_credit': ['owner', 'admin', 'manager'],
  'gift_cards.read': ['owner', 'admin', 'manager', 'cashier', 'accountant'],
  'gift_cards.manage': ['owner', 'admin', 'manager'],
  'cash.operate': ['owner', 'admin', 'manager', 'cashier'],
  'cash.no_sale': ['owner', 'admin', 'manager'],
  'cash.read': ['owner', 'admin', 'manager', 'accountant'],
  // Which processor, printer and accounting software a retailer uses, and their credentials.
  'plugins.read': ['owner', 'admin', 'manager'],
  'plugins.manage': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSION_MATRIX;

export const PERMISSIONS = Object.keys(PERMISSION_MATRIX) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSION_MATRIX, value);
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSION_MATRIX[permission] as readonly Role[]).includes(role);
}

export function permissionsOfRole(role: Role): Permission[] {
  return PERMISSIONS.filter((permission) => roleHasPermission(role, permission));
}

/**
 * What an integration token may be granted. Managing people, tokens and approvals always needs
 * a human session, so those never appear as token scopes.
 */
export const API_TOKEN_SCOPES = [
  'tenant.read',
  'stores.read',
  'stores.manage',
  'registers.read',
  'registers.manage',
  'staff.read',
  'audit.read',
  'audit.verify',
  'catalog.read',
  'catalog.manage',
  'catalog.import',
  'inventory.read',
  'inventory.adjust',
  'sales.read',
  'customers.read',
  'gift_cards.read',
  'cash.read',
] as const satisfies readonly Permission[];

export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/**
 * Manager-approved actions (a manager's PIN approves one of these for another user). The sales
 * engine consumes them; the list lives here so register and server agree on the names.
 */
export const APPROVAL_ACTIONS = [
  'sale.void',
  'sale.discount_over_limit',
  'sale.price_override',
  'sale.reverse',
  'refund.without_receipt',
  'drawer.no_sale',
] as const;

export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/**
 * What a paired register device may do before any cashier signs in: keep its offline catalog
 * and stock current for its own store. Everything else needs a person.
 */
export const DEVICE_PERMISSIONS = [
  'catalog.read',
  'inventory.read',
] as const satisfies readonly Permission[];
