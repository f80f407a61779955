// Gift cards for tests: issued through the ledger kernel, as a completed gift-card sale line does.
import { randomBytes } from 'node:crypto';
import type { Retailer, TestApp } from '../../testing/index.ts';
import { ownerContext } from '../customers/test-support.ts';
import {
  changeGiftCardBalance,
  findOrCreateGiftCard,
  type GiftCardChange,
  type GiftCardRow,
} from './gift-card-ledger.ts';

/** A fresh card number as printed: 16 characters in groups of four. */
export function freshCode(): string {
  const raw = randomBytes(8).toString('hex').toUpperCase();
  return raw.match(/.{4}/g)?.join('-') ?? raw;
}

/** Issues a card holding balanceMinor (in the retailer's USD) and returns it with its number. */
export async function issueCard(
  t: TestApp,
  retailer: Retailer,
  balanceMinor: number,
): Promise<{ card: GiftCardRow; code: string }> {
  const code = freshCode();
  const ctx = ownerContext(retailer);
  const card = await t.db.withTenant(ctx, async (tx) => {
    const created = await findOrCreateGiftCard(tx, ctx, code, 'USD');
    if (balanceMinor > 0)
      await changeGiftCardBalance(tx, ctx, {
        giftCardId: created.id,
        kind: 'issue',
        amountMinor: balanceMinor,
      });
    return created;
  });
  return { card, code };
}

/** One balance change through the kernel in its own transaction (a sale, a refund). */
export function changeBalance(
  t: TestApp,
  retailer: Retailer,
  change: GiftCardChange,
): Promise<{ balanceAfterMinor: number }> {
  const ctx = ownerContext(retailer);
  return t.db.withTenant(ctx, (tx) => changeGiftCardBalance(tx, ctx, change));
}
