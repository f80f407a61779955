import { type CsvHeader, readCsvHeader } from '@tillpoint/domain';
import { type CsvRecord, csvRecords, type MalformedRecord } from './csv-records.ts';
import { badHeader, emptyFile } from './import-errors.ts';

export interface CsvFile {
  readonly header: CsvHeader;
  /** Every record after the header. */
  readonly rows: AsyncIterable<CsvRecord>;
}

/**
 * Opens a stored catalog CSV: reads its header (the upload checked it already; a file stored
 * under older rules is refused the same way) and hands out the rows that follow, streaming.
 */
export async function openCsvFile(
  source: AsyncIterable<Buffer>,
  onMalformed: (record: MalformedRecord) => void,
): Promise<CsvFile> {
  const records = csvRecords(source, onMalformed);
  const first = await records.next();
  if (first.done) throw emptyFile();
  const read = readCsvHeader(first.value.cells);
  if ('problems' in read) {
    await records.return(undefined);
    throw badHeader(read.problems, null);
  }
  const rows: AsyncIterable<CsvRecord> = {
    [Symbol.asyncIterator]: () => records,
  };
  return { header: read.header, rows };
}
