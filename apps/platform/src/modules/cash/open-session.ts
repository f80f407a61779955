import { sql, type Tx } from '@tillpoint/db';

/**
 * The register's open cash session, locked for share so it cannot close while a cash payment is
 * being recorded against it (closing takes the row lock for update).
 */
export async function openCashSessionOf(
  tx: Tx,
  registerId: string,
): Promise<{ id: string } | null> {
  return tx.maybeOne<{ id: string }>(sql`select id from cash_sessions
    where register_id = ${registerId} and status = 'open' for share`);
}
