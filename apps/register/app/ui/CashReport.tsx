import type { paths } from '@tillpoint/api-client';
import { formatMoney } from '../sale/format.ts';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type XReport = Json<paths['/api/v1/cash-sessions/{id}/report']['get']['responses'][200]>;
export type ZReport = Json<paths['/api/v1/cash-sessions/{id}/z-report']['get']['responses'][200]>;

function Row({ label, minor, currency }: { label: string; minor: number; currency: string }) {
  return (
    <div className="totals-row">
      <dt>{label}</dt>
      <dd>{formatMoney(minor, currency)}</dd>
    </div>
  );
}

/** The X (so far) or Z (at close) report of a cash session, as a manager reads it. */
export function CashReport({ report }: { readonly report: XReport | ZReport }) {
  const currency = report.currency;
  return (
    <article className="report" aria-label={report.kind === 'z' ? 'Z report' : 'X report'}>
      <h3>
        {report.kind === 'z' ? 'Z report' : 'X report'} · {new Date(report.asOf).toLocaleString()}
      </h3>
      <dl className="totals">
        <Row label="Sales" minor={report.sales.totalMinor} currency={currency} />
        <Row label="Refunds" minor={report.refunds.totalMinor} currency={currency} />
        <Row label="Net sales" minor={report.netSalesMinor} currency={currency} />
        <Row label="Tax (sales)" minor={report.sales.taxMinor} currency={currency} />
        <Row label="Discounts" minor={report.sales.discountMinor} currency={currency} />
      </dl>
      <h4>Tenders</h4>
      <dl className="totals">
        {report.tenders.map((tender) => (
          <Row
            key={tender.kind}
            label={`${tender.kind} (${tender.salesCount})`}
            minor={tender.netMinor}
            currency={currency}
          />
        ))}
      </dl>
      <h4>Drawer</h4>
      <dl className="totals">
        <Row label="Opening float" minor={report.drawer.openingFloatMinor} currency={currency} />
        <Row label="Cash sales" minor={report.drawer.cashSalesMinor} currency={currency} />
        <Row label="Cash refunds" minor={report.drawer.cashRefundsMinor} currency={currency} />
        <Row label="Pay-ins" minor={report.drawer.payInsMinor} currency={currency} />
        <Row label="Pay-outs" minor={report.drawer.payOutsMinor} currency={currency} />
        <Row label="Expected in drawer" minor={report.drawer.expectedMinor} currency={currency} />
        {report.kind === 'z' ? (
          <>
            <Row label="Counted" minor={report.countedMinor} currency={currency} />
            <Row label="Over / short" minor={report.overShortMinor} currency={currency} />
          </>
        ) : null}
      </dl>
      <p className="muted small">
        {report.sales.count} sales · {report.refunds.count} refunds · {report.voidsCount} voids ·{' '}
        {report.noSaleCount} no-sales · {report.openSalesCount} open · {report.parkedSalesCount}{' '}
        parked
      </p>
    </article>
  );
}
