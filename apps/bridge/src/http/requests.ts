import { invalid } from '../errors.ts';
import { ESC_POS_CONTENT_TYPE } from '../printing/escpos.ts';

// The bodies the register sends, checked by hand: the bridge stays free of schema libraries.
// Fields the bridge does not know are ignored, so a newer register still works with it.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// With the length a multiple of 4 this is exactly padded standard base64.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_ID_LENGTH = 200;

type Body = Record<string, unknown>;

function asObject(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.');
  }
  return body as Body;
}

export function parseJobId(value: unknown, field = 'jobId'): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw invalid(
      `${field} must be a UUID chosen by the register, e.g. from crypto.randomUUID().`,
      {
        field,
      },
    );
  }
  return value.toLowerCase();
}

function parseText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH) {
    throw invalid(`${field} must be a non-empty string of at most ${MAX_ID_LENGTH} characters.`, {
      field,
    });
  }
  return value;
}

function parseOptionalBoolean(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(`${field} must be true or false.`, { field });
  return value;
}

function parsePrinterName(value: unknown): string {
  if (value === undefined) return 'receipt';
  if (typeof value !== 'string' || value === '') {
    throw invalid('printer must be "receipt" or the name of a configured printer.', {
      field: 'printer',
    });
  }
  return value;
}

function decodeData(value: unknown, maxBytes: number): Uint8Array {
  if (typeof value !== 'string' || value === '') {
    throw invalid('data must be the job bytes, base64-encoded.', { field: 'data' });
  }
  // Node's own decoder skips characters it does not know; a strict check catches a truncated
  // or mangled body before it becomes a garbled receipt.
  if (value.length % 4 !== 0 || !BASE64.test(value)) {
    throw invalid('data is not valid base64 (standard alphabet, padded).', { field: 'data' });
  }
  const decodedLength =
    (value.length / 4) * 3 - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0);
  if (decodedLength > maxBytes) {
    throw invalid(`data is ${decodedLength} bytes; a job may be at most ${maxBytes} bytes.`, {
      field: 'data',
      maxBytes,
    });
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

export interface PrintRequest {
  readonly jobId: string;
  readonly registerId: string;
  readonly printer: string;
  readonly data: Uint8Array;
  readonly openDrawer: boolean;
}

export function parsePrintRequest(body: unknown, maxJobBytes: number): PrintRequest {
  const fields = asObject(body);
  const jobId = parseJobId(fields.jobId);
  const registerId = parseText(fields.registerId, 'registerId');
  const printer = parsePrinterName(fields.printer);
  if (fields.contentType !== ESC_POS_CONTENT_TYPE) {
    throw invalid(`contentType must be "${ESC_POS_CONTENT_TYPE}".`, { field: 'contentType' });
  }
  const data = decodeData(fields.data, maxJobBytes);
  const openDrawer = parseOptionalBoolean(fields.openDrawer, 'openDrawer');
  return { jobId, registerId, printer, data, openDrawer };
}

export interface DrawerRequest {
  readonly jobId: string;
  readonly registerId: string;
  readonly printer: string;
}

export function parseDrawerRequest(body: unknown): DrawerRequest {
  const fields = asObject(body);
  return {
    jobId: parseJobId(fields.jobId),
    registerId: parseText(fields.registerId, 'registerId'),
    printer: parsePrinterName(fields.printer),
  };
}

export interface PairRequestBody {
  readonly code: string;
  readonly registerId: string;
  readonly registerName: string;
}

export function parsePairRequest(body: unknown): PairRequestBody {
  const fields = asObject(body);
  if (typeof fields.code !== 'string' || fields.code.length > 32) {
    throw invalid('code must be the pairing code shown on the store PC.', { field: 'code' });
  }
  return {
    code: fields.code,
    registerId: parseText(fields.registerId, 'registerId'),
    registerName: parseText(fields.registerName, 'registerName'),
  };
}

/** The optional body of a reprint: the register may choose the new job's id (retry-safe). */
export function parseReprintRequest(body: unknown): { readonly jobId: string | null } {
  const fields = asObject(body);
  return { jobId: fields.jobId === undefined ? null : parseJobId(fields.jobId) };
}
