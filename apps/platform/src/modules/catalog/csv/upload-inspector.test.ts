import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.ts';
import { UploadInspector } from './upload-inspector.ts';

const HEADER = 'handle,name,sku,price\n';

/** Feeds the bytes in chunks of `size`, as a network upload arrives. */
function inspect(bytes: Uint8Array | string, size = 7) {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  const inspector = new UploadInspector();
  for (let at = 0; at < data.length; at += size) inspector.push(data.subarray(at, at + size));
  return inspector.finish();
}

function refusal(run: () => unknown): { code: string; details: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('UploadInspector', () => {
  it('counts data rows, skipping blank lines and quoted line breaks, with or without BOM', () => {
    const text = `\uFEFF${HEADER}t1,"Tee, ""classic""\nline two",T-1,12.00\r\n\n,,,\nt2,Mug,M-1,5\n`;
    for (const size of [1, 2, 3, 5, 64]) {
      const summary = inspect(text, size);
      expect(summary.dataRows).toBe(2);
      expect([...summary.header.columns.keys()]).toEqual(['handle', 'name', 'sku', 'price']);
    }
    expect(inspect(`${HEADER}t,Tee,T,1`).dataRows).toBe(1);
  });

  it('accepts multi-byte characters split across chunks', () => {
    expect(inspect(`${HEADER}t,Café → 日本 🎉,T,1\n`, 1).dataRows).toBe(1);
  });

  it('refuses Latin-1 naming the line of the first bad byte', () => {
    const latin1 = Buffer.from(`${HEADER}t,Tee,T,1\nc,Caf\xe9,C,2\n`, 'latin1');
    expect(refusal(() => inspect(latin1))).toEqual({
      code: 'catalog_import.encoding',
      details: { line: 3, byte: '0xE9' },
    });
  });

  it('refuses a file that ends in the middle of a character', () => {
    const cut = Buffer.from(`${HEADER}t,€`, 'utf8').subarray(0, -1);
    expect(refusal(() => inspect(cut)).code).toBe('catalog_import.encoding');
  });

  it('refuses a quote that never closes, naming the line it opened on', () => {
    expect(refusal(() => inspect(`${HEADER}t,"Tee,T,1\nm,Mug,M,2\n`))).toEqual({
      code: 'catalog_import.unbalanced_quotes',
      details: { line: 2 },
    });
  });

  it('refuses empty files, files without rows and headers without required columns', () => {
    expect(refusal(() => inspect('')).code).toBe('catalog_import.empty_file');
    expect(refusal(() => inspect('\uFEFF\n\n')).code).toBe('catalog_import.empty_file');
    expect(refusal(() => inspect(HEADER)).code).toBe('catalog_import.no_rows');
    expect(refusal(() => inspect('handle,name\nt,Tee\n'))).toEqual({
      code: 'catalog_import.missing_columns',
      details: { missing: ['sku', 'price'], duplicate: [], unknown: [] },
    });
    expect(refusal(() => inspect('handle;name;sku;price\nt;Tee;T;1\n')).code).toBe(
      'catalog_import.missing_columns',
    );
  });
});
