// Where receipt emails go without a mail server: .eml files in the data folder in embedded mode,
// and a clear refusal (storing nothing) on real PostgreSQL.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/index.ts';
import { openShop, sell, stockedItem } from '../sales/refund-test-support.ts';
import type { ReceiptEmailView } from './schemas.ts';
import { eventually } from './test-support.ts';

const api = (path: string) => `/api/v1${path}`;

let owner: pg.Client;
beforeAll(async () => {
  owner = await connectAsOwner();
});
afterAll(() => owner?.end());

describe('embedded mode without SMTP_URL', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tillpoint-mail-'));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes each email as an .eml file under the data folder', async () => {
    const shop = await openShop(t, 'Laptop Deli');
    const item = await stockedItem(shop, 400, 5);
    const sale = await sell(shop.till, {
      lines: [{ variantId: item, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 400 }],
      expectedTotalMinor: 400,
    });
    const response = await shop.till.post<ReceiptEmailView>(
      api(`/sales/${sale.id}/receipt-emails`),
      { to: 'newcomer@example.com' },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    const done = await eventually(
      async () =>
        (await shop.till.get<ReceiptEmailView>(api(`/receipt-emails/${response.body.id}`))).body,
      (email) => email.status !== 'queued',
    );
    expect(done.status).toBe('sent');
    const files = await readdir(join(dataDir, 'mail'));
    expect(files).toEqual([expect.stringMatching(new RegExp(`${response.body.id}\\.eml$`))]);
    const eml = await readFile(join(dataDir, 'mail', files[0] ?? ''), 'utf8');
    const number = String(sale.receiptNumber).padStart(6, '0');
    expect(eml).toContain('To: newcomer@example.com');
    expect(eml).toContain(`Subject: Receipt ${number} from Laptop Deli`);
    expect(eml).toContain('Content-Type: text/html');
    expect(eml).toContain('Content-Type: text/plain');
  });
});

describe('real PostgreSQL without SMTP_URL', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The database the app uses is the test one either way; DATABASE_URL only makes the
    // configuration that of a real deployment.
    t = await createTestApp({ env: { DATABASE_URL: 'postgres://tillpoint@127.0.0.1/unused' } });
  });
  afterAll(() => t?.close());

  it('refuses with receipt_email.not_configured and stores nothing', async () => {
    const shop = await openShop(t, 'Unplugged Deli');
    const item = await stockedItem(shop, 400, 5);
    const sale = await sell(shop.till, {
      lines: [{ variantId: item, quantity: 1 }],
      payments: [{ kind: 'cash', amountMinor: 400 }],
      expectedTotalMinor: 400,
    });
    const audit = () =>
      owner.query(`select count(*)::int as n from audit_events where tenant_id = $1`, [
        shop.retailer.tenantId,
      ]);
    const before = (await audit()).rows[0];
    const response = await shop.till.post(api(`/sales/${sale.id}/receipt-emails`), {
      to: 'someone@example.com',
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'receipt_email.not_configured' });
    expect(String(response.body.message)).toMatch(/SMTP_URL/);
    const stored = await owner.query('select 1 from receipt_emails where tenant_id = $1', [
      shop.retailer.tenantId,
    ]);
    expect(stored.rows).toHaveLength(0);
    expect((await audit()).rows[0]).toEqual(before);
  });
});
