import { documentIdToDigits } from '@tillpoint/domain';
import type { EscPosSettings } from './settings.ts';

// Which code carries the document id at the bottom of a receipt. Code 128 holds the id as 40
// digits (set C, see documentIdToDigits), which needs 80 mm paper; where the wish cannot be met
// the other kind is printed rather than nothing, and the id is always printed as text below.

export type ReceiptCode =
  | { readonly kind: 'qr'; readonly value: string }
  | { readonly kind: 'code128'; readonly digits: string }
  | { readonly kind: 'none' };

export function chooseReceiptCode(settings: EscPosSettings, documentId: string): ReceiptCode {
  if (settings.receiptCode === 'none') return { kind: 'none' };
  const digits = settings.paperWidthMm === 80 ? documentIdToDigits(documentId) : null;
  const code128: ReceiptCode | null = digits === null ? null : { kind: 'code128', digits };
  const qr: ReceiptCode | null = settings.supportsQr ? { kind: 'qr', value: documentId } : null;
  const [first, second] = settings.receiptCode === 'qr' ? [qr, code128] : [code128, qr];
  return first ?? second ?? { kind: 'none' };
}

/** The encoder's Code 128 data for set C: "{C" then one byte (0-99) per pair of digits. */
export function code128SetC(digits: string): string {
  let data = '{C';
  for (let index = 0; index < digits.length; index += 2)
    data += String.fromCharCode(Number(digits.slice(index, index + 2)));
  return data;
}
