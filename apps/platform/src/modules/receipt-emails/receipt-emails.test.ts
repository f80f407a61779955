// Emailing receipts end to end: the API queues, the job renders the stored sale or refund and
// delivers it to a real SMTP server on 127.0.0.1, parsed back with mailparser. Retries through
// an outage, a permanent refusal, the rate limit, replays, and who may send what.
import { connectAsOwner } from '@tillpoint/db/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobData, JobQueue } from '../../jobs/queue.ts';
import {
  addStaff,
  Caller,
  createTestApp,
  type Response,
  type TestApp,
} from '../../testing/index.ts';
import { openShop, refund, type Shop, sell, stockedItem } from '../sales/refund-test-support.ts';
import type { SaleView } from '../sales/sale-schemas.ts';
import { resumeQueuedReceiptEmails } from './resume.ts';
import type { ReceiptEmailView } from './schemas.ts';
import { eventually, FakeSmtp, SMTP_PASSWORD, SMTP_USER, storedEmails } from './test-support.ts';

const api = (path: string) => `/api/v1${path}`;
const MAIL_FROM = 'Mail Row Bakery <receipts@bakery.example>';

let t: TestApp;
let owner: pg.Client;
let smtp: FakeSmtp;
let shop: Shop;
let tart: string;
let sale: SaleView;

const receiptNumberOf = (document: { receiptNumber: number | null }) =>
  String(document.receiptNumber).padStart(6, '0');

function emailReceipt(
  caller: Caller,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response<ReceiptEmailView>> {
  return caller.request<ReceiptEmailView>('POST', api(`${path}/receipt-emails`), body, headers);
}

async function queued(caller: Caller, path: string, body: unknown): Promise<ReceiptEmailView> {
  const response = await emailReceipt(caller, path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect(response.body.status).toBe('queued');
  return response.body;
}

/** Reads the email back through the API until its delivery is over (sent or failed). */
function settled(caller: Caller, id: string): Promise<ReceiptEmailView> {
  return eventually(
    async () => (await caller.get<ReceiptEmailView>(api(`/receipt-emails/${id}`))).body,
    (email) => email.status !== 'queued',
  );
}

async function sellTarts(target: Shop, item: string): Promise<SaleView> {
  return sell(target.till, {
    lines: [{ variantId: item, quantity: 2 }],
    payments: [{ kind: 'cash', amountMinor: 3_000 }],
    expectedTotalMinor: 2_500,
  });
}

beforeAll(async () => {
  smtp = new FakeSmtp();
  await smtp.start();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM } });
  owner = await connectAsOwner();
  shop = await openShop(t, 'Mail Row Bakery');
  tart = await stockedItem(shop, 1_250, 100);
  sale = await sellTarts(shop, tart);
});
afterAll(async () => {
  await owner?.end();
  await t?.close();
  await smtp?.stop();
});

describe('delivery', () => {
  it('sends the receipt once, to the address asked for, with HTML and text parts', async () => {
    const to = 'Jane.Doe@Example.com';
    const email = await queued(shop.till, `/sales/${sale.id}`, { to });
    expect(email).toMatchObject({
      to: 'Jane.Doe@example.com',
      copy: 'customer',
      document: { kind: 'sale', id: sale.id },
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    const done = await settled(shop.till, email.id);
    expect(done).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(done.sentAt).not.toBeNull();

    const received = smtp.to('jane.doe@example.com');
    expect(received).toHaveLength(1);
    const mail = received[0]?.mail;
    const number = receiptNumberOf(sale);
    expect(mail?.subject).toBe(`Receipt ${number} from Mail Row Bakery`);
    expect(mail?.from?.value).toEqual([
      { name: 'Mail Row Bakery', address: 'receipts@bakery.example' },
    ]);
    expect(mail?.messageId).toBe(`<receipt-${email.id}@bakery.example>`);
    for (const part of [mail?.text ?? '', String(mail?.html)]) {
      expect(part).toContain('$25.00');
      expect(part).toContain(number);
    }
    expect(String(mail?.html).toLowerCase()).toContain('<html');
    const widest = Math.max(...(mail?.text ?? '').split('\n').map((line) => [...line].length));
    expect(widest).toBeLessThanOrEqual(42);
    const [stored] = (await storedEmails(owner, shop.retailer.tenantId)).filter(
      (row) => row.id === email.id,
    );
    expect(stored?.message_id).toBe(`<receipt-${email.id}@bakery.example>`);
  });

  it('records who emailed which receipt, with the address masked', async () => {
    const email = await queued(shop.till, `/sales/${sale.id}`, { to: 'audit.me@example.com' });
    await settled(shop.till, email.id);
    const { rows } = await owner.query<{ actor_id: string; after: Record<string, unknown> }>(
      `select actor_id, after from audit_events
       where tenant_id = $1 and action = 'receipt.emailed' and after->>'receiptEmailId' = $2`,
      [shop.retailer.tenantId, email.id],
    );
    expect(rows).toEqual([
      {
        actor_id: shop.cashier.id,
        after: { receiptEmailId: email.id, copy: 'customer', to: 'a***@example.com' },
      },
    ]);
  });

  it('leaves every price off the gift copy', async () => {
    const email = await queued(shop.till, `/sales/${sale.id}`, {
      to: 'gift@example.com',
      copy: 'gift',
    });
    expect((await settled(shop.till, email.id)).status).toBe('sent');
    const [received] = smtp.to('gift@example.com');
    const parts = [received?.mail.text ?? '', String(received?.mail.html)];
    for (const part of parts) {
      expect(part).toMatch(/GIFT RECEIPT/i);
      for (const amount of ['25.00', '12.50', '30.00', '5.00']) expect(part).not.toContain(amount);
    }
  });

  it("emails a refund's receipt", async () => {
    const line = sale.lines[0];
    if (!line) throw new Error('the sale has no line');
    const refunded = await refund(shop.till, sale, [{ saleLineId: line.id, quantity: 1 }]);
    const email = await queued(shop.till, `/refunds/${refunded.id}`, { to: 'back@example.com' });
    expect(email.document).toEqual({ kind: 'refund', id: refunded.id });
    expect((await settled(shop.till, email.id)).status).toBe('sent');
    const [received] = smtp.to('back@example.com');
    expect(received?.mail.subject).toBe(
      `Receipt ${receiptNumberOf(refunded)} from Mail Row Bakery`,
    );
    expect(received?.mail.text).toContain('12.50');
    expect(received?.mail.text).toMatch(/REFUND/);
  });
});

describe('failures', () => {
  it('retries while the mail server is down and sends once when it is back', async () => {
    await smtp.stop();
    try {
      const patient = await sellTarts(shop, tart);
      const email = await queued(shop.till, `/sales/${patient.id}`, { to: 'patient@example.com' });
      const waiting = await eventually(
        async () =>
          (await shop.till.get<ReceiptEmailView>(api(`/receipt-emails/${email.id}`))).body,
        (view) => view.attempts >= 1 && view.lastError !== null,
      );
      expect(waiting.status).toBe('queued');
      expect(waiting.lastError).not.toContain(SMTP_PASSWORD);
      expect(waiting.lastError).not.toContain(SMTP_USER);
      await smtp.start();
      const done = await settled(shop.till, email.id);
      expect(done.status).toBe('sent');
      expect(done.attempts).toBeGreaterThanOrEqual(2);
      expect(done.lastError).toBeNull();
      expect(smtp.to('patient@example.com')).toHaveLength(1);
    } finally {
      await smtp.start().catch(() => undefined);
    }
  });

  it('finds the emails still queued again after a restart of the in-process queue', async () => {
    await smtp.stop();
    try {
      const waiting = await sellTarts(shop, tart);
      const email = await queued(shop.till, `/sales/${waiting.id}`, { to: 'later@example.com' });
      const added: { data: JobData; jobId: string | undefined }[] = [];
      const fresh: JobQueue = {
        add: async (_name, data, options) => void added.push({ data, jobId: options?.jobId }),
        process: () => undefined,
        close: async () => undefined,
      };
      expect(await resumeQueuedReceiptEmails(t.db, fresh)).toBeGreaterThanOrEqual(1);
      const { tenantId } = shop.retailer;
      expect(added.filter((job) => job.data.tenantId === tenantId)).toEqual([
        {
          data: { tenantId, receiptEmailId: email.id },
          jobId: `${tenantId}:receipt-email:${email.id}`,
        },
      ]);
      await smtp.start();
      expect((await settled(shop.till, email.id)).status).toBe('sent');
    } finally {
      await smtp.start().catch(() => undefined);
    }
  });

  it('fails for good on a 550 refusal, says why, and does not try again', async () => {
    smtp.refuse('nobody@example.com');
    const refused = await sellTarts(shop, tart);
    const email = await queued(shop.till, `/sales/${refused.id}`, { to: 'nobody@example.com' });
    const done = await settled(shop.till, email.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect(done.lastError).toMatch(/550/);
    expect(done.lastError).not.toContain(SMTP_PASSWORD);
    // Longer than the first retry's backoff: a retry would have shown by now.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const later = await shop.till.get<ReceiptEmailView>(api(`/receipt-emails/${email.id}`));
    expect(later.body).toMatchObject({ status: 'failed', attempts: 1 });
    expect(smtp.recipientAttempts.filter((rcpt) => rcpt === 'nobody@example.com')).toHaveLength(1);
    expect(smtp.to('nobody@example.com')).toHaveLength(0);
    const { rows } = await owner.query(
      `select 1 from audit_events where tenant_id = $1 and action = 'receipt.email_failed'
       and after->>'receiptEmailId' = $2`,
      [shop.retailer.tenantId, email.id],
    );
    expect(rows).toHaveLength(1);
  });
});

describe('replays and the rate limit', () => {
  it('answers a replayed Idempotency-Key with the first email and sends one', async () => {
    const key = `email-replay-${Date.now()}`;
    const body = { to: 'once@example.com' };
    const replayed = await sellTarts(shop, tart);
    const first = await emailReceipt(shop.till, `/sales/${replayed.id}`, body, {
      'idempotency-key': key,
    });
    const second = await emailReceipt(shop.till, `/sales/${replayed.id}`, body, {
      'idempotency-key': key,
    });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    await settled(shop.till, first.body.id);
    const rows = (await storedEmails(owner, shop.retailer.tenantId)).filter(
      (row) => row.recipient === 'once@example.com',
    );
    expect(rows).toHaveLength(1);
    expect(smtp.to('once@example.com')).toHaveLength(1);
  });

  it('allows five emails of one receipt per hour, then refuses with 429', async () => {
    const busy = await sellTarts(shop, tart);
    const sent: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      const email = await queued(shop.till, `/sales/${busy.id}`, { to: `spam${n}@example.com` });
      sent.push(email.id);
    }
    for (const id of sent) await settled(shop.till, id);
    const before = await storedEmails(owner, shop.retailer.tenantId);
    const refused = await emailReceipt(shop.till, `/sales/${busy.id}`, { to: 'spam9@example.com' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'receipt_email.rate_limited' });
    expect(await storedEmails(owner, shop.retailer.tenantId)).toEqual(before);
    // The limit is per document: another sale's receipt can still be emailed.
    const quiet = await sellTarts(shop, tart);
    await queued(shop.till, `/sales/${quiet.id}`, { to: 'other-receipt@example.com' });
  });
});

describe('refusals', () => {
  let quiet: Shop;
  let quietSale: SaleView;

  beforeAll(async () => {
    quiet = await openShop(t, 'Quiet Corner');
    quietSale = await sellTarts(quiet, await stockedItem(quiet, 1_250, 10));
  });

  /** The attempt is refused with the code and leaves no row, audit event or outbox event. */
  async function refusedWithoutTrace(
    attempt: () => Promise<Response<unknown>>,
    status: number,
    code: string,
  ): Promise<void> {
    const tenantId = quiet.retailer.tenantId;
    const digest = async () => {
      const { rows } = await owner.query<{ n: number }>(
        `select (select count(*) from receipt_emails where tenant_id = $1)
              + (select count(*) from audit_events where tenant_id = $1)
              + (select count(*) from outbox where tenant_id = $1) as n`,
        [tenantId],
      );
      return rows[0]?.n;
    };
    const before = await digest();
    const response = (await attempt()) as Response;
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await digest()).toBe(before);
  }

  const path = () => `/sales/${quietSale.id}`;

  it('refuses anything but one plain address', async () => {
    for (const to of [
      'not-an-address',
      'a@example.com, b@example.com',
      'a@example.com\r\nBcc: everyone@example.com',
      'a@example.com\nSubject: hi',
      'Jane <jane@example.com>',
      `${'x'.repeat(250)}@example.com`,
      '',
    ])
      await refusedWithoutTrace(
        () => emailReceipt(quiet.till, path(), { to }),
        400,
        'validation.failed',
      );
    await refusedWithoutTrace(
      () => emailReceipt(quiet.till, path(), { to: 'a@example.123' }),
      422,
      'receipt_email.invalid_address',
    );
    await refusedWithoutTrace(
      () => emailReceipt(quiet.till, path(), { to: 'a@example.com', copy: 'merchant' }),
      400,
      'validation.failed',
    );
  });

  it("does not know another business's sale", async () => {
    const rival = await openShop(t, 'Rival Mail');
    await refusedWithoutTrace(
      () => emailReceipt(rival.till, path(), { to: 'a@example.com' }),
      404,
      'sale.not_found',
    );
    const email = await queued(quiet.till, path(), { to: 'mine@example.com' });
    const peek = await rival.till.get(api(`/receipt-emails/${email.id}`));
    expect(peek.status).toBe(404);
    expect(peek.body).toMatchObject({ code: 'receipt_email.not_found' });
    await settled(quiet.till, email.id);
  });

  it('refuses a sale that is not completed', async () => {
    const open = await quiet.till.post<{ id: string }>(api('/sales'), {});
    expect(open.status).toBe(201);
    await refusedWithoutTrace(
      () => emailReceipt(quiet.till, `/sales/${open.body.id}`, { to: 'a@example.com' }),
      422,
      'sale.not_completed',
    );
  });

  it('refuses a register with nobody signed in, and anonymous callers', async () => {
    await refusedWithoutTrace(
      () => emailReceipt(quiet.device, path(), { to: 'a@example.com' }),
      403,
      'auth.forbidden',
    );
    await refusedWithoutTrace(
      () => emailReceipt(new Caller(t.app), path(), { to: 'a@example.com' }),
      401,
      'auth.unauthenticated',
    );
  });

  it('refuses staff of another store', async () => {
    const annex = await quiet.retailer.owner.post<{ id: string }>(api('/stores'), {
      name: 'Quiet Annex',
      timezone: 'America/Chicago',
    });
    expect(annex.status).toBe(201);
    const outsider = await addStaff(t.app, quiet.retailer, 'cashier', {
      storeIds: [annex.body.id],
    });
    await refusedWithoutTrace(
      () => emailReceipt(outsider.caller, path(), { to: 'a@example.com' }),
      403,
      'auth.store_forbidden',
    );
  });
});
