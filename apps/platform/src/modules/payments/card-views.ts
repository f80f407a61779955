import type { Tx } from '@tillpoint/db';
import type { CardPaymentRow } from './card-queries.ts';
import { refundsOfCardPayment } from './card-refunds.ts';
import type { CardPaymentView } from './card-schemas.ts';

export async function cardPaymentView(tx: Tx, row: CardPaymentRow): Promise<CardPaymentView> {
  return {
    id: row.id,
    saleId: row.saleId,
    status: row.status,
    amountMinor: row.amountMinor,
    currency: row.currency,
    readerId: row.readerId,
    plugin: row.pluginKey,
    providerPaymentId: row.providerPaymentId,
    failure:
      row.failureCode === null
        ? null
        : { code: row.failureCode, message: row.failureMessage ?? row.failureCode },
    card:
      row.cardBrand === null && row.cardLast4 === null
        ? null
        : { brand: row.cardBrand, last4: row.cardLast4 },
    recorded: row.recordedAt !== null,
    refunds: await refundsOfCardPayment(tx, row.id),
    createdAt: row.createdAt,
  };
}
