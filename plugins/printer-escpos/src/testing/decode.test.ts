import { describe, expect, it } from 'vitest';
import { codepageTableOf, EPSON_CODEPAGE_TABLE } from './codepage-tables.ts';
import { decodeEscPos } from './decode.ts';

const bytes = (...parts: (number | string)[]) =>
  Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : [part])),
  );

describe('decodeEscPos', () => {
  it('reads text lines with the selected code page, styles and alignment', () => {
    const decoded = decodeEscPos(
      bytes(
        0x1b,
        0x40,
        0x1b,
        0x74,
        19,
        'Cr',
        0x8a,
        'me ',
        0xd5,
        0x0a,
        0x0d,
        0x1b,
        0x61,
        1,
        0x1b,
        0x45,
        1,
        0x1d,
        0x21,
        0x11,
        'Big',
        0x1d,
        0x21,
        0x00,
        0x1b,
        0x45,
        0,
        0x0a,
        0x1b,
        0x74,
        16,
        0x80,
        0x95,
        0x0a,
      ),
    );
    expect(decoded.initialized).toBe(true);
    expect(decoded.codepages).toEqual(['cp858', 'windows1252']);
    expect(decoded.lines).toEqual(['Crème €', 'Big', '€•']);
    expect(decoded.printedLines[1]).toEqual({
      text: 'Big',
      columns: 6,
      bold: true,
      widthScale: 2,
      heightScale: 2,
      align: 'center',
    });
    expect(decoded.unknown).toEqual([]);
  });

  it('finds drawer pulses (ESC p and DLE DC4), cuts and what is printed after them', () => {
    const kick = decodeEscPos(bytes(0x1b, 0x70, 1, 25, 250));
    expect(kick.drawerPulses).toEqual([{ pin: 5, onMs: 50, offMs: 500 }]);
    expect(kick.lines).toEqual([]);
    expect(kick.cut).toBe(false);
    const realTime = decodeEscPos(bytes(0x10, 0x14, 1, 0, 3));
    expect(realTime.opensDrawer).toBe(true);
    const cutThenText = decodeEscPos(bytes('a', 0x0a, 0x1d, 0x56, 66, 3, 'late', 0x0a));
    expect(cutThenText.cuts).toBe(1);
    expect(cutThenText.cut).toBe(false);
    expect(decodeEscPos(bytes('a', 0x0a, 0x1d, 0x56, 1, 0x0a, 0x0d)).cut).toBe(true);
  });

  it('reads QR data and barcodes, CODE128 sets B and C included', () => {
    const qr = [
      0x1d,
      0x28,
      0x6b,
      7,
      0,
      0x31,
      0x50,
      0x30,
      ...Buffer.from('abcd'),
      0x1d,
      0x28,
      0x6b,
      3,
      0,
      0x31,
      0x51,
      0x30,
    ];
    const code128 = [0x1d, 0x6b, 73, 7, 0x7b, 0x43, 1, 23, 0x7b, 0x42, 0x41];
    const ean = [0x1d, 0x6b, 2, ...Buffer.from('4006381333931'), 0];
    const decoded = decodeEscPos(bytes(...qr, ...code128, ...ean));
    expect(decoded.qrCodes).toEqual(['abcd']);
    expect(decoded.barcodes).toEqual([
      { symbology: 73, data: '0123A' },
      { symbology: 2, data: '4006381333931' },
    ]);
    expect(decoded.unknown).toEqual([]);
  });

  it('reports commands and control bytes it does not know, with their offset', () => {
    const decoded = decodeEscPos(bytes('a', 0x07, 0x1b, 0x99, 'b', 0x0a));
    expect(decoded.unknown).toEqual(['1: 07', '2: 1b 99']);
    expect(decoded.lines).toEqual(['ab']);
  });

  it('knows other vendors’ numbering through the encoder', () => {
    expect(EPSON_CODEPAGE_TABLE[16]).toBe('windows1252');
    expect(codepageTableOf('epson-tm-t88vi')[16]).toBe('windows1252');
    expect(codepageTableOf('hp-a779')[8]).toBe('windows1252');
  });
});
