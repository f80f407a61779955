export * from './identity/passwords.ts';
export * from './identity/permissions.ts';
export * from './identity/roles.ts';
export * from './pricing/index.ts';
