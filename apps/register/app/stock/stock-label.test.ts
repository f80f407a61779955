import { describe, expect, it } from 'vitest';
import { stockLabel } from './stock-label.ts';

describe('stock label', () => {
  const tracked = (onHand: number, stale = false) => ({ onHand, trackStock: true, stale });

  it('says sold out at or below zero, and how many are left from three down', () => {
    expect(stockLabel(tracked(0))).toEqual({ text: 'Sold out', tone: 'out', stale: false });
    expect(stockLabel(tracked(-2))?.text).toBe('Sold out');
    expect(stockLabel(tracked(3))).toEqual({ text: '3 left', tone: 'low', stale: false });
    expect(stockLabel(tracked(1))?.text).toBe('1 left');
    expect(stockLabel(tracked(0.25))?.text).toBe('0.25 left');
    expect(stockLabel(tracked(4))).toBeNull();
  });

  it('says nothing for items the store does not count, or before the level is known', () => {
    expect(stockLabel({ onHand: 0, trackStock: false, stale: false })).toBeNull();
    expect(stockLabel(undefined)).toBeNull();
  });

  it('carries staleness so the screen can say the value is the last one heard', () => {
    expect(stockLabel(tracked(0, true))).toEqual({ text: 'Sold out', tone: 'out', stale: true });
  });
});
