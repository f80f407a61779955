import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvHeaderRow, readCsvHeader } from './columns.ts';

describe('readCsvHeader', () => {
  it('finds columns case-insensitively, attribute columns by key', () => {
    const read = readCsvHeader([' Handle', 'NAME', 'sku', 'Price', 'attr:Material', 'barcodes']);
    if (!('header' in read)) throw new Error(JSON.stringify(read));
    expect(read.header.columns.get('handle')).toBe(0);
    expect(read.header.columns.get('barcodes')).toBe(5);
    expect(read.header.attributes.get('material')).toBe(4);
    expect(read.header.columns.has('cost')).toBe(false);
  });

  it('lists every missing required column, unknown and repeated column at once', () => {
    expect(readCsvHeader(['name', 'prcie', 'sku', 'sku', 'attr:Bad Key', 'option1_name'])).toEqual({
      problems: {
        missing: ['handle', 'price', 'option1_value'],
        unknown: ['prcie', 'attr:Bad Key'],
        duplicate: ['sku'],
      },
    });
  });

  it('reads back the header an export writes', () => {
    const read = readCsvHeader(csvHeaderRow(['material', 'organic']));
    if (!('header' in read)) throw new Error(JSON.stringify(read));
    expect(read.header.columns.size).toBe(CSV_COLUMNS.length);
    expect([...read.header.attributes.keys()]).toEqual(['material', 'organic']);
  });
});
