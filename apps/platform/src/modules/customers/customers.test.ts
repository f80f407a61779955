import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  type Caller,
  type Retailer,
  type StaffMember,
  signUpRetailer,
  type TestApp,
} from '../../testing/index.ts';
import { closeAppWithOwner, openAppWithOwner } from '../../testing/suite.ts';
import type { CustomerPageView, CustomerView } from './schemas.ts';
import {
  api,
  auditActions,
  createCustomer,
  expectRefusedWithoutTrace,
  NO_SUCH_ID,
} from './test-support.ts';

let t: TestApp;
let owner: pg.Client;
let shop: Retailer;
let other: Retailer;
let cashier: StaffMember;
let accountant: StaffMember;

beforeAll(async () => {
  ({ t, owner } = await openAppWithOwner());
  shop = await signUpRetailer(t.app, 'Corner Books');
  other = await signUpRetailer(t.app, 'Other Books');
  cashier = await addStaff(t.app, shop, 'cashier', { storeIds: [shop.storeId] });
  accountant = await addStaff(t.app, shop, 'accountant');
});
afterAll(() => closeAppWithOwner({ t, owner }));

const refused = (attempt: () => ReturnType<Caller['post']>, status: number, code: string) =>
  expectRefusedWithoutTrace(owner, shop.tenantId, attempt, status, code);

const search = async (caller: Caller, query: string) => {
  const response = await caller.get<CustomerPageView>(api(`/customers?${query}`));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

describe('customers', () => {
  it('creates a customer with normalized contact details, and audits it', async () => {
    const response = await cashier.caller.post<CustomerView>(api('/customers'), {
      name: '  Ada Lovelace ',
      email: '  Ada.Lovelace@Example.COM ',
      phone: '+1 (312) 555-0100',
      notes: 'Prefers paper receipts',
      taxExempt: true,
      taxExemptReference: 'EX-991',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      phone: '+1 312 5550100',
      notes: 'Prefers paper receipts',
      taxExempt: true,
      taxExemptReference: 'EX-991',
      storeCreditMinor: 0,
      archivedAt: null,
    });
    const fetched = await accountant.caller.get<CustomerView>(
      api(`/customers/${response.body.id}`),
    );
    expect(fetched.body).toEqual(response.body);
    expect(await auditActions(owner, response.body.id)).toEqual(['customer.created']);
  });

  it('refuses a second active customer with the same email, in any letter case', async () => {
    await createCustomer(shop.owner, { email: 'twin@example.com' });
    await refused(
      () => shop.owner.post(api('/customers'), { name: 'Twin', email: ' TWIN@example.com' }),
      409,
      'customer.email_taken',
    );
    const second = await createCustomer(shop.owner, { email: 'twin2@example.com' });
    await refused(
      () => shop.owner.patch(api(`/customers/${second.id}`), { email: 'Twin@Example.com' }),
      409,
      'customer.email_taken',
    );
    // Another business may have a customer with the same email.
    await createCustomer(other.owner, { email: 'twin@example.com' });
  });

  it('refuses bad input at the edge or with a clear code, writing nothing', async () => {
    await refused(
      () => shop.owner.post(api('/customers'), { name: 'X', email: 'not-an-email' }),
      400,
      'validation.failed',
    );
    await refused(
      () => shop.owner.post(api('/customers'), { name: 'X', phone: '12' }),
      422,
      'customer.invalid_phone',
    );
    await refused(
      () => shop.owner.post(api('/customers'), { name: 'X', phone: '12+345' }),
      422,
      'customer.invalid_phone',
    );
    await refused(
      () => shop.owner.post(api('/customers'), { name: '   ' }),
      422,
      'customer.name_required',
    );
    await refused(
      () => shop.owner.post(api('/customers'), { name: 'X', taxExemptReference: 'EX-1' }),
      422,
      'customer.exemption_reference_without_exemption',
    );
    await refused(
      () => shop.owner.post(api('/customers'), { name: 'X', storeCreditMinor: 500 }),
      400,
      'validation.failed',
    );
  });

  it('updates fields, clears with null, ends an exemption with its reference, audits before/after', async () => {
    const created = await createCustomer(shop.owner, {
      email: 'grace@example.com',
      phone: '555 0101',
      taxExempt: true,
      taxExemptReference: 'CERT-7',
    });
    const response = await cashier.caller.patch<CustomerView>(api(`/customers/${created.id}`), {
      name: 'Grace Hopper',
      phone: null,
      taxExempt: false,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      phone: null,
      taxExempt: false,
      taxExemptReference: null,
    });
    const { rows } = await owner.query(
      `select before->>'name' as before, after->>'name' as after from audit_events
       where target_id = $1 and action = 'customer.updated'`,
      [created.id],
    );
    expect(rows).toEqual([{ before: created.name, after: 'Grace Hopper' }]);
    await refused(
      () => shop.owner.patch(api(`/customers/${created.id}`), {}),
      400,
      'validation.failed',
    );
  });

  it('refuses roles without the permission and names it', async () => {
    await refused(
      () => accountant.caller.post(api('/customers'), { name: 'Nope' }),
      403,
      'auth.forbidden',
    );
    const target = await createCustomer(shop.owner);
    await refused(
      () => accountant.caller.patch(api(`/customers/${target.id}`), { name: 'Nope' }),
      403,
      'auth.forbidden',
    );
    await refused(
      () => accountant.caller.post(api(`/customers/${target.id}/archive`)),
      403,
      'auth.forbidden',
    );
  });

  it('archives a customer without credit and hides them from lists; restores them', async () => {
    const customer = await createCustomer(shop.owner, {
      name: 'Archie Vist',
      email: 'archie@example.com',
    });
    const archived = await shop.owner.post<CustomerView>(api(`/customers/${customer.id}/archive`));
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    // Archiving twice changes nothing.
    const again = await shop.owner.post<CustomerView>(api(`/customers/${customer.id}/archive`));
    expect(again.body).toEqual(archived.body);

    expect((await search(shop.owner, 'q=Archie')).customers).toEqual([]);
    const withArchived = await search(shop.owner, 'q=Archie&includeArchived=true');
    expect(withArchived.customers.map((c) => c.id)).toEqual([customer.id]);

    // The email is free again among active customers.
    const successor = await createCustomer(shop.owner, { email: 'archie@example.com' });
    await refused(
      () => shop.owner.post(api(`/customers/${customer.id}/restore`)),
      409,
      'customer.email_taken',
    );
    await shop.owner.patch(api(`/customers/${successor.id}`), { email: null });
    const restored = await shop.owner.post<CustomerView>(api(`/customers/${customer.id}/restore`));
    expect(restored.body.archivedAt).toBeNull();
    expect(await auditActions(owner, customer.id)).toEqual([
      'customer.created',
      'customer.archived',
      'customer.restored',
    ]);
  });

  it('answers not found for unknown ids', async () => {
    for (const [method, path] of [
      ['GET', `/customers/${NO_SUCH_ID}`],
      ['PATCH', `/customers/${NO_SUCH_ID}`],
      ['POST', `/customers/${NO_SUCH_ID}/archive`],
      ['GET', `/customers/${NO_SUCH_ID}/purchases`],
      ['GET', `/customers/${NO_SUCH_ID}/store-credit`],
    ] as const) {
      const response = await shop.owner.request(
        method,
        api(path),
        method === 'GET' ? undefined : method === 'PATCH' ? { name: 'X' } : {},
      );
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.code).toBe('customer.not_found');
    }
    const malformed = await shop.owner.get(api('/customers/not-a-uuid'));
    expect(malformed.status).toBe(400);
  });
});

describe('customer search', () => {
  let tag: string;
  const made: Record<string, CustomerView> = {};

  beforeAll(async () => {
    tag = `zq${Date.now().toString(36)}`;
    const specs: [string, Record<string, unknown>][] = [
      ['margaret', { name: `Margaret Hamilton ${tag}`, email: `mh.${tag}@nasa.example` }],
      ['katherine', { name: `Katherine Johnson ${tag}`, phone: '+1 (757) 864-1000' }],
      ['dorothy', { name: `Dorothy Vaughan ${tag}`, email: `dv.${tag}@nasa.example` }],
      ['mary', { name: `Mary Jackson ${tag}`, phone: '757 864 2000' }],
    ];
    for (const [key, body] of specs) made[key] = await createCustomer(shop.owner, body);
  });

  const ids = (page: CustomerPageView) => page.customers.map((c) => c.id);

  it('finds by words of the name in any order and case', async () => {
    expect(ids(await search(cashier.caller, `q=${tag}%20hamilton`))).toEqual([made.margaret?.id]);
    expect(ids(await search(cashier.caller, `q=JOHN%20${tag}`))).toEqual([made.katherine?.id]);
  });

  it('forgives a typo in a word of the name, only when nothing matches exactly', async () => {
    expect(ids(await search(cashier.caller, `q=${tag}%20Hamiltom`))).toEqual([made.margaret?.id]);
    // "Jackson" matches exactly, so the near miss "Johnson" is not offered.
    expect(ids(await search(cashier.caller, `q=${tag}%20Jackson`))).toEqual([made.mary?.id]);
    expect(ids(await search(cashier.caller, `q=${tag}%20Jacksen`))).toEqual([made.mary?.id]);
  });

  it('finds by email prefix and by phone digits', async () => {
    expect(ids(await search(cashier.caller, `q=DV.${tag}`))).toEqual([made.dorothy?.id]);
    const byPhone = ids(await search(cashier.caller, 'q=757-864'));
    expect(byPhone).toEqual(expect.arrayContaining([made.katherine?.id, made.mary?.id]));
    expect(ids(await search(cashier.caller, 'q=(757)%20864%201000'))).toEqual([made.katherine?.id]);
  });

  it('treats LIKE wildcards as plain text', async () => {
    // Unescaped, "%" and "_" would match every name.
    expect(ids(await search(cashier.caller, 'q=%25'))).toEqual([]);
    expect(ids(await search(cashier.caller, 'q=_'))).toEqual([]);
  });

  it('pages through everyone by name with an opaque cursor', async () => {
    const first = await search(cashier.caller, `q=${tag}&limit=3`);
    expect(first.customers.map((c) => c.name.split(' ')[0])).toEqual([
      'Dorothy',
      'Katherine',
      'Margaret',
    ]);
    expect(first.nextCursor).not.toBeNull();
    const second = await search(
      cashier.caller,
      `q=${tag}&limit=3&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    );
    expect(second.customers.map((c) => c.name.split(' ')[0])).toEqual(['Mary']);
    expect(second.nextCursor).toBeNull();

    const forged = await cashier.caller.get(api('/customers?cursor=bm90LWpzb24'));
    expect(forged.status).toBe(422);
    expect(forged.body.code).toBe('customer.invalid_cursor');
  });

  it('answers the same over GraphQL', async () => {
    const response = await cashier.caller.graphql<{
      customers: { id: string; name: string; storeCreditMinor: number }[];
      customer: { id: string; email: string };
    }>(
      `query($q: String, $id: ID!) {
        customers(q: $q) { id name storeCreditMinor }
        customer(id: $id) { id email }
      }`,
      { q: `${tag} vaughan`, id: made.dorothy?.id },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.customers.map((c) => c.id)).toEqual([made.dorothy?.id]);
    expect(response.body.data?.customer).toEqual({
      id: made.dorothy?.id,
      email: made.dorothy?.email,
    });
    const missing = await cashier.caller.graphql('{ customer(id: "nope") { id } }');
    expect(missing.body.errors?.[0]?.extensions.code).toBe('customer.not_found');
  });
});

describe('between tenants', () => {
  it("cannot see, find, change or archive another business's customer", async () => {
    const theirs = await createCustomer(other.owner, {
      name: 'Secret Sam Customer',
      email: 'sam@other.example',
    });
    const attempts = [
      () => shop.owner.get(api(`/customers/${theirs.id}`)),
      () => shop.owner.patch(api(`/customers/${theirs.id}`), { name: 'Pwned' }),
      () => shop.owner.post(api(`/customers/${theirs.id}/archive`)),
      () => shop.owner.get(api(`/customers/${theirs.id}/purchases`)),
      () => shop.owner.get(api(`/customers/${theirs.id}/store-credit`)),
      () =>
        shop.owner.post(api(`/customers/${theirs.id}/store-credit/adjustments`), {
          amountMinor: 100,
          reason: 'Gift',
        }),
    ];
    for (const attempt of attempts) await refused(attempt, 404, 'customer.not_found');
    expect((await search(shop.owner, 'q=Secret%20Sam')).customers).toEqual([]);
    expect((await search(shop.owner, 'q=sam@other')).customers).toEqual([]);
    const graph = await shop.owner.graphql(`{ customer(id: "${theirs.id}") { id } }`);
    expect(graph.body.errors?.[0]?.extensions.code).toBe('customer.not_found');
    const unchanged = await other.owner.get<CustomerView>(api(`/customers/${theirs.id}`));
    expect(unchanged.body).toEqual(theirs);
  });
});
