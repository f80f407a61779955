import { describe, expect, it } from 'vitest';
import { InvalidReceiptError } from './check.ts';
import { escapeHtml, renderReceiptHtml } from './html.ts';
import { sampleSale } from './test-support.ts';

describe('renderReceiptHtml', () => {
  it('is a complete document with the receipt content and no external resource or script', () => {
    const html = renderReceiptHtml(sampleSale(), { copy: 'customer' });
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-US">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>Receipt 0003-000123 - Main Street Market</title>');
    expect(html).toMatch(/<tr data-role="total">.*>TOTAL<\/td>.*>\$36\.59<\/td><\/tr>/);
    expect(html).toMatch(/<tr data-role="item">.*>Crème brûlée<\/td>.*>\$7\.00<\/td><\/tr>/);
    expect(html).toContain('0197a3c4-5e6f-7a8b-9c0d-112233445566');
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import/i);
    expect(html).not.toContain('<style');
  });

  it('escapes every piece of tenant text', () => {
    const [first, ...rest] = sampleSale().lines;
    if (!first) throw new Error('sample has lines');
    const receipt = sampleSale({
      store: { ...sampleSale().store, name: 'Tom & Jerry\'s "Deli"' },
      lines: [{ ...first, description: '<script>alert("x")</script>' }, ...rest],
      footerLines: ['<img src=x onerror=alert(1)>'],
    });
    const html = renderReceiptHtml(receipt, { copy: 'customer' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; Jerry&#39;s &quot;Deli&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('gift copy shows no amount', () => {
    const html = renderReceiptHtml(sampleSale(), { copy: 'gift' });
    expect(html).toContain('GIFT RECEIPT');
    expect(html).not.toContain('$');
    expect(html).not.toContain('TOTAL');
  });

  it('refuses an invalid receipt', () => {
    expect(() =>
      renderReceiptHtml(sampleSale({ totalMinor: 1 }), { copy: 'customer' }),
    ).toThrowError(InvalidReceiptError);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
