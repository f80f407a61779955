import type { Database } from '@tillpoint/db';
import type { RequestContext, ServiceContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, canAccessStore } from '../identity/authorize.ts';
import { type RegisterReaderRow, selectRegisterReader, updateRegisterReader } from './queries.ts';
import type { CardReaderInput, CardReaderView } from './schemas.ts';

// Which card reader at the payment processor takes a register's card payments. Set by whoever
// manages the plugins (owner, admin): pointing a till at another reader redirects its payments.

function readerView(row: RegisterReaderRow): CardReaderView {
  return { registerId: row.registerId, storeId: row.storeId, cardReaderId: row.cardReaderId };
}

function assertStore(ctx: ServiceContext, storeId: string): void {
  if (!canAccessStore(ctx.actor, storeId))
    throw new AppError('auth.store_forbidden', 'You are not assigned to this store.', { storeId });
}

export function createCardReaderUseCases(db: Database) {
  return {
    async cardReader(ctx: RequestContext, registerId: string): Promise<CardReaderView> {
      const authed = authorize(ctx, 'plugins.read');
      return db.withTenant(authed, async (tx) => {
        const row = await selectRegisterReader(tx, registerId);
        if (!row) throw notFound('register', registerId);
        assertStore(authed, row.storeId);
        return readerView(row);
      });
    },

    async setCardReader(
      ctx: RequestContext,
      registerId: string,
      input: CardReaderInput,
    ): Promise<CardReaderView> {
      const authed = authorize(ctx, 'plugins.manage');
      return db.withTenant(authed, async (tx) => {
        const row = await selectRegisterReader(tx, registerId, 'for update');
        if (!row) throw notFound('register', registerId);
        assertStore(authed, row.storeId);
        if (row.cardReaderId === input.readerId) return readerView(row);
        await updateRegisterReader(tx, registerId, input.readerId);
        await recordAudit(tx, authed, {
          action: 'register.card_reader_set',
          targetType: 'register',
          targetId: registerId,
          storeId: row.storeId,
          before: { cardReaderId: row.cardReaderId },
          after: { cardReaderId: input.readerId },
        });
        return readerView({ ...row, cardReaderId: input.readerId });
      });
    },
  };
}
