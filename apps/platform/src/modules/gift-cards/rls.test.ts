import { connectAsAppRole, connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Retailer, signUpRetailer, type TestApp } from '../../testing/index.ts';
import { expectOnlyOwnRows, inTransaction, rowsChanged } from '../../testing/rls.ts';
import { issueCard } from './test-support.ts';

// Row-level security on the gift card tables, checked as the app role with no application code
// in between (style of catalog/rls.test.ts).

let t: TestApp;
let app: pg.Client;
let owner: pg.Client;
let a: Retailer;
let b: Retailer;
let bCardId: string;

beforeAll(async () => {
  t = await createTestApp();
  app = await connectAsAppRole();
  owner = await connectAsOwner();
  a = await signUpRetailer(t.app, 'Isolation Gifts');
  b = await signUpRetailer(t.app, 'Isolation Cards');
  await issueCard(t, a, 1_000);
  bCardId = (await issueCard(t, b, 2_000)).card.id;
});
afterAll(async () => {
  await app.end();
  await owner.end();
  await t.close();
});

describe('row-level security on gift cards and their ledger', () => {
  for (const table of ['gift_cards', 'gift_card_entries']) {
    it(`${table}: no rows without a tenant, only its own rows with one`, async () => {
      await expectOnlyOwnRows(app, table, a.tenantId, b.tenantId);
    });
  }

  it("cannot change another tenant's card", async () => {
    const changed = await rowsChanged(
      app,
      a.tenantId,
      "update gift_cards set balance_minor = 0, status = 'disabled' where tenant_id = $1",
      [b.tenantId],
    );
    expect(changed).toBe(0);
    const { rows } = await owner.query(
      'select balance_minor, status from gift_cards where id = $1',
      [bCardId],
    );
    expect(rows[0]).toMatchObject({ status: 'active' });
    expect(Number(rows[0].balance_minor)).toBe(2_000);
  });

  it('refuses writing a card or an entry into another tenant', async () => {
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          `insert into gift_cards (tenant_id, code_hash, code_last4, currency)
           values ($1, decode(repeat('ab', 32), 'hex'), 'ABCD', 'USD')`,
          [b.tenantId],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      inTransaction(app, a.tenantId, () =>
        app.query(
          `insert into gift_card_entries (tenant_id, gift_card_id, kind, amount_minor,
             balance_after_minor) values ($1, $2, 'issue', 5, 5)`,
          [b.tenantId, bCardId],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('keeps the ledger append-only and cards undeletable for the app role', async () => {
    for (const statement of [
      'update gift_card_entries set amount_minor = 1',
      'delete from gift_card_entries',
      'delete from gift_cards',
    ]) {
      await expect(
        inTransaction(app, a.tenantId, () => app.query(statement)),
        statement,
      ).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('stores only a hash of the card number', async () => {
    const { code } = await issueCard(t, a, 500);
    const plain = code.replace(/-/g, '');
    const { rows } = await owner.query(
      `select count(*)::int as n from gift_cards g
       where to_jsonb(g)::text ilike $1 or encode(code_hash, 'escape') ilike $1`,
      [`%${plain.slice(0, 12)}%`],
    );
    expect(rows[0].n).toBe(0);
  });
});
