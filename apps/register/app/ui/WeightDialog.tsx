import { useState } from 'react';
import type { CachedVariant } from '../sale/cart.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './Notice.tsx';

/** Weighed goods keyed by hand (no scale label): the weight in kg, to the gram. */
export function WeightDialog({
  variant,
  onWeighed,
  onClose,
}: {
  readonly variant: CachedVariant;
  readonly onWeighed: (quantityMilli: number) => void;
  readonly onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={`Weigh ${variant.name}`} onClose={onClose}>
      <ErrorNote message={error} />
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const match = /^(\d{1,4})(?:[.,](\d{1,3}))?$/.exec(text.trim());
          const grams = match
            ? Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'))
            : 0;
          if (grams <= 0) setError('Type the weight in kg, e.g. 0.325.');
          else onWeighed(grams);
        }}
      >
        <label className="field">
          <span>Weight (kg)</span>
          <input
            inputMode="decimal"
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoFocus
          />
        </label>
        <button type="submit" className="button button-primary">
          Add to sale
        </button>
      </form>
    </Dialog>
  );
}
