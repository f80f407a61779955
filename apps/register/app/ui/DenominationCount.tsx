import { countCash } from '@tillpoint/domain';
import { formatMoney } from '../sale/format.ts';

// A drawer count: how many of each coin and note. The total is the engine's (countCash), exact.

export interface Denomination {
  readonly valueMinor: number;
  readonly kind: 'coin' | 'note';
}

export type Counts = Readonly<Record<string, number>>;

export function countTotal(counts: Counts, currency: string): number {
  try {
    return countCash(counts, currency).totalMinor;
  } catch {
    return 0;
  }
}

export function DenominationCount({
  currency,
  denominations,
  counts,
  onChange,
  label,
}: {
  readonly currency: string;
  readonly denominations: readonly Denomination[];
  readonly counts: Counts;
  readonly onChange: (counts: Counts) => void;
  readonly label: string;
}) {
  const sorted = [...denominations].sort((a, b) => b.valueMinor - a.valueMinor);
  return (
    <fieldset className="fieldset denominations">
      <legend>{label}</legend>
      <div className="denomination-grid">
        {sorted.map((denomination) => {
          const key = String(denomination.valueMinor);
          // With the currency symbol: a cashier counts "$20.00 notes", not a bare number.
          const name = `${formatMoney(denomination.valueMinor, currency)} ${denomination.kind}s`;
          return (
            <label key={key} className="denomination">
              <span>{name}</span>
              <input
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                aria-label={`Count of ${name}`}
                value={counts[key] ?? ''}
                onChange={(event) => {
                  const value =
                    event.target.value === ''
                      ? 0
                      : Math.max(0, Math.trunc(Number(event.target.value)));
                  const next: Record<string, number> = { ...counts };
                  if (value > 0) next[key] = value;
                  else delete next[key];
                  onChange(next);
                }}
              />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
