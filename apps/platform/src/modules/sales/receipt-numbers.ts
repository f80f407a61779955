import { sql, type Tx } from '@tillpoint/db';
import type { ServiceContext } from '../../context.ts';

/**
 * The register's next receipt number for a sale or refund, taken inside the document's
 * transaction: the register row lock orders documents on one register and a rollback gives the
 * number back, so numbers have no gaps; receipt_numbers records it (unique per register).
 * Take it last in the transaction, so the register row is locked as briefly as possible.
 */
export async function issueReceiptNumber(
  tx: Tx,
  ctx: ServiceContext,
  registerId: string,
  document: { type: 'sale' | 'refund'; id: string },
): Promise<number> {
  const { number } = await tx.one<{ number: number }>(sql`update registers
      set last_receipt_number = last_receipt_number + 1
    where id = ${registerId} returning last_receipt_number as number`);
  await tx.execute(sql`insert into receipt_numbers (tenant_id, register_id, number, document_type,
      document_id)
    values (${ctx.tenantId}, ${registerId}, ${number}, ${document.type}, ${document.id})`);
  return number;
}
