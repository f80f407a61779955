import { describe, expect, it } from 'vitest';
import { drawerKick, interpretStatus } from './escpos.ts';

describe('ESC/POS', () => {
  it('kicks the drawer on pin 2 or pin 5', () => {
    expect([...drawerKick(2)]).toEqual([0x1b, 0x70, 0, 25, 250]);
    expect([...drawerKick(5)]).toEqual([0x1b, 0x70, 1, 25, 250]);
  });

  it('reads the DLE EOT replies of an Epson-style printer', () => {
    const read = (printer: number, offlineCause: number, paperRoll: number) =>
      interpretStatus({ printer, offlineCause, paperRoll }).state;
    expect(read(0x12, 0x12, 0x12)).toBe('ready');
    // Paper near its end still prints.
    expect(read(0x12, 0x12, 0x1e)).toBe('ready');
    expect(read(0x1a, 0x32, 0x72)).toBe('paper_out');
    expect(read(0x1a, 0x12, 0x72)).toBe('paper_out');
    expect(read(0x1a, 0x16, 0x12)).toBe('cover_open');
    expect(read(0x1a, 0x52, 0x12)).toBe('error');
    expect(read(0x1a, 0x12, 0x12)).toBe('error');
    // Not a status byte at all (bit 4 clear): not trusted as "ready".
    expect(read(0x00, 0x12, 0x12)).toBe('error');
  });
});
