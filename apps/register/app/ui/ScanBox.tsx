import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { isDialogOpen } from './Dialog.tsx';

// The scan/search box keeps the focus: a USB scanner "types" into whatever has it, so after a
// click on a button (not into another field) the focus comes back here.

export interface ScanBoxHandle {
  focus(): void;
}

function isField(element: Element | null): boolean {
  return (
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement
  );
}

export const ScanBox = forwardRef<
  ScanBoxHandle,
  {
    readonly onSubmit: (text: string) => void;
    readonly disabled?: boolean;
    readonly keepFocus: boolean;
  }
>(function ScanBox({ onSubmit, disabled = false, keepFocus }, ref) {
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  useImperativeHandle(ref, () => ({
    focus: () => {
      input.current?.focus();
      input.current?.select();
    },
  }));

  useEffect(() => {
    if (!keepFocus) return;
    input.current?.focus();
    const reclaim = () =>
      setTimeout(() => {
        if (!isDialogOpen() && !isField(document.activeElement)) input.current?.focus();
      }, 0);
    document.addEventListener('focusout', reclaim);
    document.addEventListener('click', reclaim);
    return () => {
      document.removeEventListener('focusout', reclaim);
      document.removeEventListener('click', reclaim);
    };
  }, [keepFocus]);

  return (
    <form
      className="scanbox"
      onSubmit={(event) => {
        event.preventDefault();
        const value = text.trim();
        if (value === '') return;
        setText('');
        onSubmit(value);
      }}
    >
      <label className="field grow">
        <span className="visually-hidden">Scan or search</span>
        <input
          ref={input}
          className="scan-input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Scan a barcode or type to search (F2)"
          autoComplete="off"
          spellCheck={false}
          disabled={disabled}
          aria-label="Scan or search"
          enterKeyHint="search"
        />
      </label>
      <button type="submit" className="button" disabled={disabled}>
        Search
      </button>
    </form>
  );
});
