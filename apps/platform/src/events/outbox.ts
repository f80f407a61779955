import { sql, type Tx } from '@tillpoint/db';

export interface DomainEvent {
  /** e.g. inventory.level_changed */
  readonly topic: string;
  readonly storeId?: string | null;
  readonly payload: Record<string, unknown>;
}

/**
 * Writes events in the caller's transaction and wakes the relay right after that transaction
 * commits, so realtime latency is the relay's, not a polling interval's.
 */
export class Outbox {
  readonly #listeners = new Set<() => void>();

  async emit(tx: Tx, tenantId: string, event: DomainEvent): Promise<void> {
    await tx.execute(sql`insert into outbox (tenant_id, topic, store_id, payload)
      values (${tenantId}, ${event.topic}, ${event.storeId ?? null}, ${sql.json(event.payload)})`);
    tx.afterCommit(() => this.#wake());
  }

  async emitMany(tx: Tx, tenantId: string, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map(
      (event) =>
        sql`(${tenantId}, ${event.topic}, ${event.storeId ?? null}, ${sql.json(event.payload)})`,
    );
    await tx.execute(
      sql`insert into outbox (tenant_id, topic, store_id, payload) values ${sql.join(rows)}`,
    );
    tx.afterCommit(() => this.#wake());
  }

  onCommitted(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #wake(): void {
    for (const listener of this.#listeners) listener();
  }
}
