import { isUtf8 } from 'node:buffer';
import { type CsvHeader, readCsvHeader } from '@tillpoint/domain';
import { parse } from 'csv-parse/sync';
import {
  badHeader,
  emptyFile,
  headerTooLong,
  invalidHeader,
  noRows,
  notUtf8,
  unbalancedQuotes,
} from './import-errors.ts';
import { firstInvalidOffset, incompleteTailLength } from './utf8.ts';

export interface UploadSummary {
  readonly bytes: number;
  /** Rows after the header that hold any value: the import's total until the job counts exactly. */
  readonly dataRows: number;
  readonly header: CsvHeader;
}

const BOM = [0xef, 0xbb, 0xbf];
const MAX_HEADER_BYTES = 64 * 1024;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
// Bytes that do not make a row hold a value: separators, quotes and blanks.
const BLANK = new Set([0x2c, QUOTE, 0x20, 0x09, 0x0d, NEWLINE]);

function headerCells(text: string): string[] {
  try {
    return parse(text, { relax_column_count: true })[0] ?? [];
  } catch (error) {
    throw invalidHeader(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Checks an upload chunk by chunk as it arrives, before anything is stored: valid UTF-8 (the
 * error names the line), quotes that close, a header with the required columns, at least one
 * row. It scans bytes and never holds more than the header, so a 50 MB file costs no memory and
 * only short, native-speed work per chunk. Rows themselves are the job's to read.
 */
export class UploadInspector {
  #bytes = 0;
  #carry: Uint8Array = new Uint8Array(0);
  #started = false;
  #line = 1;
  #inQuotes = false;
  #quoteLine = 0;
  #rowHasValue = false;
  #headerParts: Uint8Array[] = [];
  #headerBytes = 0;
  #headerDone = false;
  #dataRows = 0;

  /** Throws the file's refusal (AppError) as soon as it is known. */
  push(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    let bytes = this.#carry.length > 0 ? Buffer.concat([this.#carry, chunk]) : chunk;
    if (!this.#started) {
      if (bytes.length < BOM.length && BOM.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
        this.#carry = Uint8Array.from(bytes);
        return;
      }
      this.#started = true;
      if (BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(BOM.length);
    }
    const complete = bytes.length - incompleteTailLength(bytes);
    const body = bytes.subarray(0, complete);
    this.#carry = Uint8Array.from(bytes.subarray(complete));
    if (!isUtf8(body)) this.#refuseEncoding(body, firstInvalidOffset(body));
    this.#scan(body);
  }

  finish(): UploadSummary {
    // Bytes still waiting for the rest of their character: the file ends mid-character.
    if (this.#carry.length > 0) this.#refuseEncoding(this.#carry, 0);
    if (this.#inQuotes) throw unbalancedQuotes(this.#quoteLine);
    this.#endRow();
    if (!this.#headerDone) throw emptyFile();
    const text = Buffer.concat(this.#headerParts).toString('utf8');
    const cells = headerCells(text);
    const read = readCsvHeader(cells);
    if ('problems' in read) throw badHeader(read.problems, cells.length === 1 ? text : null);
    if (this.#dataRows === 0) throw noRows();
    return { bytes: this.#bytes, dataRows: this.#dataRows, header: read.header };
  }

  #refuseEncoding(body: Uint8Array, offset: number): never {
    let line = this.#line;
    for (let i = 0; i < offset; i++) if (body[i] === NEWLINE) line += 1;
    throw notUtf8(line, body[offset] ?? 0);
  }

  #scan(body: Uint8Array): void {
    let headerFrom = 0;
    for (let i = 0; i < body.length; i++) {
      const byte = body[i] ?? 0;
      if (byte === QUOTE) {
        // RFC 4180 doubles a quote inside a quoted value: toggling twice leaves it quoted.
        if (!this.#inQuotes) this.#quoteLine = this.#line;
        this.#inQuotes = !this.#inQuotes;
      } else if (byte === NEWLINE) {
        this.#line += 1;
        if (!this.#inQuotes) {
          if (!this.#headerDone) this.#keepHeader(body.subarray(headerFrom, i));
          headerFrom = i + 1;
          this.#endRow();
        }
      } else if (!BLANK.has(byte)) {
        this.#rowHasValue = true;
      }
    }
    if (!this.#headerDone) this.#keepHeader(body.subarray(headerFrom));
  }

  #keepHeader(part: Uint8Array): void {
    this.#headerBytes += part.length;
    if (this.#headerBytes > MAX_HEADER_BYTES) throw headerTooLong(MAX_HEADER_BYTES);
    this.#headerParts.push(Uint8Array.from(part));
  }

  #endRow(): void {
    if (!this.#headerDone) {
      // Blank lines before the header are skipped, as the job's parser skips them.
      if (this.#rowHasValue) this.#headerDone = true;
      else {
        this.#headerParts = [];
        this.#headerBytes = 0;
      }
    } else if (this.#rowHasValue) {
      this.#dataRows += 1;
    }
    this.#rowHasValue = false;
  }
}
