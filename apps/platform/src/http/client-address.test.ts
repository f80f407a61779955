// The client address keys the per-address rate limits and is written to the audit trail, so only
// proxies named in TRUST_PROXY may set it through X-Forwarded-For.
import { connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUpRetailer, type TestApp } from '../testing/index.ts';

let owner: pg.Client;
beforeAll(async () => {
  owner = await connectAsOwner();
});
afterAll(async () => {
  await owner.end();
});

async function auditedAddress(t: TestApp, forwardedFor: string): Promise<string | null> {
  const retailer = await signUpRetailer(t.app, 'Address Audit Co');
  const created = await retailer.owner.request<{ id: string }>(
    'POST',
    '/api/v1/stores',
    { name: `Forwarded ${Date.now()}`, timezone: 'Europe/London' },
    { 'x-forwarded-for': forwardedFor },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { rows } = await owner.query<{ ip: string | null }>(
    `select host(ip) as ip from audit_events where tenant_id = $1 and target_id = $2`,
    [retailer.tenantId, created.body.id],
  );
  return rows[0]?.ip ?? null;
}

describe('client address', () => {
  it('ignores X-Forwarded-For by default: a client cannot choose its own address', async () => {
    const t = await createTestApp();
    try {
      const ip = await auditedAddress(t, '203.0.113.9');
      expect(ip).not.toBe('203.0.113.9');
      expect(ip).toMatch(/^127\./);
    } finally {
      await t.close();
    }
  });

  it('takes the forwarded address from a proxy named in TRUST_PROXY', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
    try {
      expect(await auditedAddress(t, '203.0.113.9')).toBe('203.0.113.9');
    } finally {
      await t.close();
    }
  });
});
