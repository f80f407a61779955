import type { Database } from '@tillpoint/db';
import { createAuditService } from './modules/audit/service.ts';
import { createApiTokenService } from './modules/identity/api-token-service.ts';
import { createApprovalService } from './modules/identity/approval-service.ts';
import { createAuthenticator } from './modules/identity/authenticate-service.ts';
import { createDeviceService } from './modules/identity/device-service.ts';
import { createSignInService } from './modules/identity/sign-in-service.ts';
import { createStaffService } from './modules/identity/staff-service.ts';
import { createTenancyService } from './modules/tenancy/service.ts';

/** Every use case of the platform, wired once; REST routes and GraphQL resolvers share them. */
export function createServices(db: Database) {
  const signIn = createSignInService(db);
  return {
    tenancy: createTenancyService(db),
    staff: createStaffService(db),
    signIn,
    devices: createDeviceService(db),
    apiTokens: createApiTokenService(db),
    approvals: createApprovalService(db, signIn),
    audit: createAuditService(db),
    authenticator: createAuthenticator(db),
  };
}

export type Services = ReturnType<typeof createServices>;
