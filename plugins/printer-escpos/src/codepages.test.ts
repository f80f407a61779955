import { describe, expect, it } from 'vitest';
import { planCodepages, singlePageFor } from './codepages.ts';

// "auto" settles on one code page per job when one page has every character, the page the
// encoder's per-run choice would have taken for each run; otherwise it is left per run.

const candidates = (() => {
  const plan = planCodepages(undefined, 'auto');
  if ('problem' in plan) throw new Error(plan.problem);
  return plan.candidates;
})();

describe('one code page for a whole job', () => {
  it('is the first candidate that has every character', () => {
    expect(singlePageFor(candidates, 'Café Crème, Äpfel: €3.50')).toBe('windows1252');
    expect(singlePageFor(candidates, 'Хлеб ржаной 1 x 2.10')).toBe('windows1251');
    expect(singlePageFor(candidates, 'Żółć ser 12,50 zł')).toBe('windows1250');
    expect(singlePageFor(candidates, '')).toBe(candidates[0]);
  });

  it('is none when no single page has them all (the encoder then switches per run)', () => {
    expect(singlePageFor(candidates, 'Crème brûlée; Żółć; Хлеб')).toBeNull();
    expect(singlePageFor(candidates, 'receipt ☃')).toBeNull();
  });
});
