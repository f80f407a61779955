import { setImmediate as nextTurn } from 'node:timers/promises';
import { type CsvError, parse } from 'csv-parse';

export interface CsvRecord {
  /** Line of the file where the record starts (a quoted value may span lines). */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface MalformedRecord {
  readonly line: number;
  readonly message: string;
}

const YIELD_EVERY = 100;
const QUOTE_ERRORS = new Set<string>([
  'CSV_INVALID_CLOSING_QUOTE',
  'INVALID_OPENING_QUOTE',
  'CSV_QUOTE_NOT_CLOSED',
]);

/**
 * Parses CSV (RFC 4180, UTF-8 with or without BOM) into records with their starting line.
 * Blank lines and rows of empty values are skipped. A record that cannot be read (a stray quote,
 * more values than the header has columns) is reported and parsing goes on, so one file shows
 * every such line at once. Yields to the event loop as it goes.
 */
export async function* csvRecords(
  source: AsyncIterable<Buffer>,
  onMalformed: (record: MalformedRecord) => void,
): AsyncGenerator<CsvRecord> {
  // The parser reports records and skips synchronously and in file order: track lines there,
  // queueing each record's starting line for when the loop below takes the record.
  let lastLine = 0;
  let lastEmptyLines = 0;
  const startLines: number[] = [];
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count_less: true,
    skip_records_with_error: true,
    on_record: (cells, context) => {
      startLines.push(lastLine + 1 + (context.empty_lines - lastEmptyLines));
      lastLine = context.lines;
      lastEmptyLines = context.empty_lines;
      return cells;
    },
  });
  // After a stray quote the parser cannot tell where values end: later rows may be misread and
  // an "unclosed quote" at the end of the file is only an echo of it. Say so once.
  let quoteTrouble = false;
  parser.on('skip', (error: CsvError & { lines?: number; empty_lines?: number }) => {
    const line = error.lines ?? lastLine + 1;
    lastLine = line;
    lastEmptyLines = error.empty_lines ?? lastEmptyLines;
    if (quoteTrouble && error.code === 'CSV_QUOTE_NOT_CLOSED') return;
    const quote = QUOTE_ERRORS.has(error.code);
    const warning =
      quote && !quoteTrouble ? ' Rows after it may be misread; fix this line first.' : '';
    quoteTrouble ||= quote;
    onMalformed({ line, message: `${error.message}.${warning}` });
  });
  // Fed by hand, one small slice at a time, each parsed and drained before the next: a piped
  // stream would push every slice it has buffered through the parser in one synchronous burst.
  let failure: unknown = null;
  parser.on('error', (error) => {
    failure = error;
  });
  let count = 0;
  function* drain(): Generator<CsvRecord> {
    for (let cells: string[] | null = parser.read(); cells !== null; cells = parser.read()) {
      const line = startLines.shift() ?? lastLine;
      if (cells.every((cell) => cell.trim() === '')) continue;
      yield { line, cells };
    }
  }
  for await (const slice of source) {
    parser.write(slice);
    if (failure) throw failure;
    for (const record of drain()) {
      yield record;
      count += 1;
      if (count % YIELD_EVERY === 0) await nextTurn();
    }
  }
  await new Promise<void>((resolve) => parser.end(resolve));
  if (failure) throw failure;
  yield* drain();
}
