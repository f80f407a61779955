import { formatMinor } from '@tillpoint/domain';
import type { DiscountInput } from '../api-types.ts';
import type { SaleContext } from '../sale/context.ts';
import { parseAmount, parsePercentPpm } from './money.ts';

export interface DiscountDraft {
  readonly kind: 'none' | 'percent' | 'fixed';
  readonly text: string;
}

export function draftOf(discount: DiscountInput | null, context: SaleContext): DiscountDraft {
  if (discount === null) return { kind: 'none', text: '' };
  if (discount.kind === 'percent') return { kind: 'percent', text: String(discount.ppm / 10_000) };
  return { kind: 'fixed', text: formatMinor(discount.amountMinor, context.currency) };
}

/** The discount typed, null for none, or a string saying what is wrong. */
export function discountOf(
  draft: DiscountDraft,
  context: SaleContext,
): DiscountInput | null | string {
  if (draft.kind === 'none' || draft.text.trim() === '') return null;
  if (draft.kind === 'percent') {
    const ppm = parsePercentPpm(draft.text);
    return ppm === null ? 'A percentage is a number from 0 to 100.' : { kind: 'percent', ppm };
  }
  const amountMinor = parseAmount(draft.text, context);
  return amountMinor === null
    ? 'Type the discount as an amount, e.g. 2.50.'
    : { kind: 'fixed', amountMinor };
}

export function DiscountFields({
  draft,
  onChange,
  label,
}: {
  readonly draft: DiscountDraft;
  readonly onChange: (draft: DiscountDraft) => void;
  readonly label: string;
}) {
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      <div className="chip-row" role="radiogroup" aria-label={`${label} type`}>
        {(['none', 'percent', 'fixed'] as const).map((kind) => (
          <label key={kind} className={draft.kind === kind ? 'chip chip-on' : 'chip'}>
            <input
              type="radio"
              className="visually-hidden"
              name={`${label}-kind`}
              checked={draft.kind === kind}
              onChange={() => onChange({ kind, text: kind === draft.kind ? draft.text : '' })}
            />
            {kind === 'none' ? 'No discount' : kind === 'percent' ? 'Percent' : 'Amount'}
          </label>
        ))}
      </div>
      {draft.kind !== 'none' ? (
        <label className="field">
          <span>{draft.kind === 'percent' ? `${label} (%)` : `${label} amount`}</span>
          <input
            inputMode="decimal"
            value={draft.text}
            onChange={(event) => onChange({ ...draft, text: event.target.value })}
          />
        </label>
      ) : null}
    </fieldset>
  );
}
