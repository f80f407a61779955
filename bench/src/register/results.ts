// One benchmark's figures: rows of the register and of its baseline, side by side.
import { summary } from '../support/stats.ts';

export interface Row {
  readonly who: 'register' | 'baseline';
  readonly label: string;
  readonly n: number;
  /** Distribution of per-item milliseconds, when there is one. */
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly max?: number;
  /** Milliseconds for the whole operation, when it is one timed span. */
  readonly totalMs?: number;
}

export interface MeasureResult {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly Row[];
  /** Counts and checks that back the figures (verified on the server, misses, ...). */
  readonly notes: readonly string[];
}

export interface MeasureFailure {
  readonly id: string;
  readonly title: string;
  readonly error: string;
  /** Figures measured before the failure (the baseline, usually): still reported. */
  readonly rows: readonly Row[];
}

export type Outcome = MeasureResult | MeasureFailure;

export function isFailure(outcome: Outcome): outcome is MeasureFailure {
  return 'error' in outcome;
}

export function distribution(
  who: Row['who'],
  label: string,
  samples: readonly number[],
  totalMs?: number,
): Row {
  const s = summary(samples);
  return {
    who,
    label,
    n: s.n,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    max: s.max,
    ...(totalMs === undefined ? {} : { totalMs }),
  };
}

export function span(who: Row['who'], label: string, n: number, totalMs: number): Row {
  return { who, label, n, totalMs };
}

const ms = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value)
    ? ''
    : value >= 100
      ? `${Math.round(value).toLocaleString('en-US')} ms`
      : `${value.toFixed(2)} ms`;

/** The markdown table of every outcome, one row per figure, failures as their own rows. */
export function markdownTable(outcomes: readonly Outcome[]): string {
  const lines = [
    '| measure | who | what | n | p50 | p95 | p99 | max | total |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const outcome of outcomes) {
    if (isFailure(outcome))
      lines.push(
        `| ${outcome.title} | register | **failed**: ${outcome.error.replaceAll('|', '/').replaceAll('\n', ' ').slice(0, 300)} | | | | | | |`,
      );
    for (const row of outcome.rows)
      lines.push(
        `| ${outcome.title} | ${row.who} | ${row.label} | ${row.n.toLocaleString('en-US')} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} | ${ms(row.totalMs)} |`,
      );
  }
  return lines.join('\n');
}

/** The same figures for a terminal. */
export function consoleTable(outcomes: readonly Outcome[]): string {
  const rows: string[][] = [['measure', 'who', 'what', 'n', 'p50', 'p95', 'p99', 'max', 'total']];
  for (const outcome of outcomes) {
    if (isFailure(outcome))
      rows.push([
        outcome.title,
        'FAILED',
        (outcome.error.split('\n')[0] ?? '').slice(0, 160),
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
    for (const row of outcome.rows)
      rows.push([
        outcome.title,
        row.who,
        row.label,
        String(row.n),
        ms(row.p50),
        ms(row.p95),
        ms(row.p99),
        ms(row.max),
        ms(row.totalMs),
      ]);
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '))
    .join('\n');
}
