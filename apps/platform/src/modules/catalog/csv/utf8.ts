// Byte-level UTF-8 facts for checking an upload as it streams in. The happy path uses Node's
// native buffer.isUtf8; these only find where a chunk ends mid-character and, once a chunk is
// known to be bad, where exactly it goes wrong (so the error can name the line).

/** How many bytes at the end of `bytes` start a character that the next chunk completes. */
export function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (byte < 0xc0) return 0; // ASCII: nothing pending
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return back < needed ? back : 0;
  }
  return 0;
}

/** The sequence length a lead byte announces and the smallest valid second byte, or null. */
function lead(byte: number): { length: number; min: number; max: number } | null {
  if (byte < 0x80) return { length: 1, min: 0, max: 0 };
  if (byte >= 0xc2 && byte <= 0xdf) return { length: 2, min: 0x80, max: 0xbf };
  if (byte === 0xe0) return { length: 3, min: 0xa0, max: 0xbf }; // no overlong forms
  if (byte === 0xed) return { length: 3, min: 0x80, max: 0x9f }; // no surrogates
  if (byte >= 0xe1 && byte <= 0xef) return { length: 3, min: 0x80, max: 0xbf };
  if (byte === 0xf0) return { length: 4, min: 0x90, max: 0xbf };
  if (byte >= 0xf1 && byte <= 0xf3) return { length: 4, min: 0x80, max: 0xbf };
  if (byte === 0xf4) return { length: 4, min: 0x80, max: 0x8f }; // nothing above U+10FFFF
  return null;
}

/** Offset of the first byte that is not part of valid UTF-8, or -1 when all of it is valid. */
export function firstInvalidOffset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const first = bytes[index] ?? 0;
    const rule = lead(first);
    if (!rule) return index;
    for (let k = 1; k < rule.length; k++) {
      const next = bytes[index + k];
      if (next === undefined) return index;
      const [min, max] = k === 1 ? [rule.min, rule.max] : [0x80, 0xbf];
      if (next < min || next > max) return index;
    }
    index += rule.length;
  }
  return -1;
}
