export * from './catalog/index.ts';
export * from './catalog-csv/index.ts';
export * from './identity/passwords.ts';
export * from './identity/permissions.ts';
export * from './identity/roles.ts';
export * from './inventory/purchase-cost.ts';
export * from './inventory/quantity.ts';
export * from './pricing/index.ts';
