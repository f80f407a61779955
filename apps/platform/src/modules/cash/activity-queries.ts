import { sql, type Tx } from '@tillpoint/db';
import type {
  SessionActivity,
  SessionMovement,
  SessionRefund,
  SessionRefundPayment,
  SessionSale,
  SessionSalePayment,
  SessionTaxRow,
} from '@tillpoint/domain';

// What a session covers, read for the X/Z computation (packages/domain/src/cash):
// - the drawer: cash payments and cash refund payments recorded against this session
//   (cash_session_id, set while the session was open and locked for share), and its movements;
// - the shift: sales completed (with their non-cash tenders) or voided on the register, and
//   refunds made on it, between the open and the close. The close bounds the window, so a Z
//   report computed again later covers exactly the same documents.
// Completed sales are found through sales_store_completed_idx (store, completed_at); voids and
// refunds without a session have no index by register and time (rare rows; see the report).

export interface SessionScope {
  readonly id: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly openedAt: string;
  readonly openingFloatMinor: number;
}

export interface LoadedActivity {
  readonly activity: SessionActivity;
  readonly openSalesCount: number;
  readonly parkedSalesCount: number;
}

interface DocumentRow {
  readonly status: 'completed' | 'voided';
  readonly grossMinor: number;
  readonly lineDiscountMinor: number;
  readonly orderDiscountMinor: number;
  readonly subtotalMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
  readonly taxTotals: unknown;
}

/** sales.tax_totals / refunds.tax_totals as the money engine wrote them (RateTotal[]). */
function taxRows(value: unknown): SessionTaxRow[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry: unknown) => {
    const row = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    return {
      rateId: String(row.rateId ?? row.id ?? ''),
      ratePpm: Number(row.ratePpm ?? 0),
      taxableMinor: Number(row.taxableMinor ?? 0),
      taxMinor: Number(row.taxMinor ?? 0),
    };
  });
}

export async function loadActivity(
  tx: Tx,
  session: SessionScope,
  /** The close (ISO timestamp), or null while the session is open: up to now. */
  until: string | null,
): Promise<LoadedActivity> {
  const from = sql`${session.openedAt}::timestamptz`;
  const to = sql`${until ?? 'infinity'}::timestamptz`;
  const { id, registerId, storeId } = session;
  const refundInSession = sql`(r.cash_session_id = ${id}
    or (r.cash_session_id is null and r.register_id = ${registerId}
      and r.created_at >= ${from} and r.created_at < ${to}))`;

  const documents = sql`s.gross_minor as "grossMinor", s.line_discount_minor as "lineDiscountMinor",
    s.order_discount_minor as "orderDiscountMinor", s.subtotal_minor as "subtotalMinor",
    s.tax_minor as "taxMinor", s.total_minor as "totalMinor", s.tax_totals as "taxTotals"`;
  const completedHere = sql`s.store_id = ${storeId} and s.status = 'completed'
    and s.register_id = ${registerId} and s.completed_at >= ${from} and s.completed_at < ${to}`;
  const sales = await tx.query<DocumentRow>(sql`select 'completed' as status, ${documents}
      from sales s where ${completedHere}
    union all
    select 'voided' as status, ${documents}
      from sales s
      where s.register_id = ${registerId} and s.status = 'voided'
        and s.voided_at >= ${from} and s.voided_at < ${to}`);

  const payments = await tx.query<SessionSalePayment>(sql`select p.kind, p.status,
        p.applied_minor as "appliedMinor", p.cash_rounding_minor as "cashRoundingMinor"
      from sale_payments p
      where p.kind = 'cash' and p.cash_session_id = ${id}
    union all
    select p.kind, p.status, p.applied_minor, p.cash_rounding_minor
      from sale_payments p join sales s on s.tenant_id = p.tenant_id and s.id = p.sale_id
      where p.kind <> 'cash' and ${completedHere}`);

  const refunds = await tx.query<Omit<SessionRefund, 'taxes'> & { taxTotals: unknown }>(sql`select
      r.subtotal_minor as "subtotalMinor", r.tax_minor as "taxMinor",
      r.total_minor as "totalMinor", r.cash_rounding_minor as "cashRoundingMinor",
      r.tax_totals as "taxTotals"
    from refunds r where ${refundInSession}`);

  const refundPayments = await tx.query<SessionRefundPayment>(sql`select rp.kind,
        rp.amount_minor as "amountMinor"
      from refund_payments rp
      where rp.kind = 'cash' and rp.cash_session_id = ${id}
    union all
    select rp.kind, rp.amount_minor
      from refund_payments rp join refunds r on r.tenant_id = rp.tenant_id and r.id = rp.refund_id
      where rp.kind <> 'cash' and ${refundInSession}`);

  const movements = await tx.query<SessionMovement>(sql`select kind, amount_minor as "amountMinor"
    from cash_movements where cash_session_id = ${id} order by id`);

  // Unfinished at the end of the period: started before it and not completed or voided by then
  // (while open: the register's open and parked sales, through sales_open_idx).
  const finishedLater =
    until === null
      ? sql``
      : sql`union all
        select false from sales s
          where s.store_id = ${storeId} and s.status = 'completed'
            and s.register_id = ${registerId} and s.completed_at >= ${to} and s.created_at < ${to}
        union all
        select false from sales s
          where s.register_id = ${registerId} and s.status = 'voided' and s.voided_at >= ${to}
            and s.created_at < ${to}`;
  const unfinished = await tx.one<{ open: number; parked: number }>(sql`select
      count(*) filter (where not parked)::int as open, count(*) filter (where parked)::int as parked
    from (
      select s.status = 'parked' and coalesce(s.parked_at, s.created_at) < ${to} as parked
        from sales s
        where s.register_id = ${registerId} and s.status in ('open', 'parked')
          and s.created_at < ${to}
      ${finishedLater}
    ) x (parked)`);

  return {
    activity: {
      openingFloatMinor: session.openingFloatMinor,
      sales: sales.map(
        (row): SessionSale => ({
          status: row.status,
          grossMinor: row.grossMinor,
          lineDiscountMinor: row.lineDiscountMinor,
          orderDiscountMinor: row.orderDiscountMinor,
          subtotalMinor: row.subtotalMinor,
          taxMinor: row.taxMinor,
          totalMinor: row.totalMinor,
          taxes: taxRows(row.taxTotals),
        }),
      ),
      payments,
      refunds: refunds.map(
        (row): SessionRefund => ({
          subtotalMinor: row.subtotalMinor,
          taxMinor: row.taxMinor,
          totalMinor: row.totalMinor,
          cashRoundingMinor: row.cashRoundingMinor,
          taxes: taxRows(row.taxTotals),
        }),
      ),
      refundPayments,
      movements,
    },
    openSalesCount: unfinished.open,
    parkedSalesCount: unfinished.parked,
  };
}
