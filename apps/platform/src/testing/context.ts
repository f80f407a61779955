// A retailer owner's service context, for tests that call a kernel (ledger, balance change)
// directly inside db.withTenant the way a service would, without going through HTTP.
import { newId } from '@tillpoint/db';
import type { ServiceContext } from '../context.ts';
import type { Retailer } from './index.ts';

/** The owner's service context: every store, a fresh session and request id per call. */
export function ownerContext(retailer: Retailer): ServiceContext {
  return {
    requestId: `test-${newId()}`,
    ip: '127.0.0.1',
    userAgent: null,
    tenantId: retailer.tenantId,
    actor: {
      type: 'user',
      userId: retailer.ownerId,
      name: 'Owner',
      role: 'owner',
      stores: 'all',
      sessionId: newId(),
      device: null,
    },
  };
}
