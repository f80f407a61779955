import type { CsvHeaderProblems } from '@tillpoint/domain';
import { AppError } from '../../../errors.ts';

// File-level refusals of a catalog CSV, raised while it uploads (or, for a file stored before a
// rule changed, by the job). Each names what to fix; codes are stable.

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export function fileTooLarge(): AppError {
  return new AppError(
    'request.too_large',
    `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files.`,
    { limitBytes: MAX_IMPORT_BYTES },
  );
}

export function notMultipart(): AppError {
  return new AppError(
    'request.unsupported_media_type',
    'Send the CSV as multipart/form-data, in a file field named "file".',
  );
}

export function notCsv(mimeType: string): AppError {
  return new AppError(
    'request.unsupported_media_type',
    `The file is ${mimeType}, not CSV; export the sheet as CSV (UTF-8) and upload that.`,
    { mimeType },
  );
}

export function noFile(): AppError {
  return new AppError(
    'catalog_import.no_file',
    'Attach the CSV in a multipart file field named "file".',
  );
}

export function notUtf8(line: number, byte: number): AppError {
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return new AppError(
    'catalog_import.encoding',
    `Line ${line} is not valid UTF-8 (byte ${hex}). Save the file as "CSV UTF-8" and upload it again.`,
    { line, byte: hex },
  );
}

export function emptyFile(): AppError {
  return new AppError(
    'catalog_import.empty_file',
    'The file is empty; it needs a header row and one row per variant.',
  );
}

export function noRows(): AppError {
  return new AppError(
    'catalog_import.no_rows',
    'The file has a header but no rows; add one row per variant.',
  );
}

export function unbalancedQuotes(line: number): AppError {
  return new AppError(
    'catalog_import.unbalanced_quotes',
    `The quote opened on line ${line} is never closed; every " that starts a value must end it.`,
    { line },
  );
}

export function headerTooLong(limit: number): AppError {
  return new AppError(
    'catalog_import.invalid_header',
    `The header row is longer than ${limit} bytes; is the first row really the column names?`,
  );
}

export function invalidHeader(reason: string): AppError {
  return new AppError(
    'catalog_import.invalid_header',
    `The header row is not valid CSV (${reason}); the first row must be the column names.`,
  );
}

/** The header's first problem decides the code; every problem is listed in the details. */
export function badHeader(problems: CsvHeaderProblems, singleCell: string | null): AppError {
  const parts = [
    problems.missing.length > 0 ? `missing columns: ${problems.missing.join(', ')}` : null,
    problems.duplicate.length > 0 ? `repeated columns: ${problems.duplicate.join(', ')}` : null,
    problems.unknown.length > 0 ? `unknown columns: ${problems.unknown.join(', ')}` : null,
  ].filter((part) => part !== null);
  // Spreadsheets in some locales save with semicolons; say so rather than list one odd column.
  const hint =
    singleCell?.includes(';') === true
      ? ' The file seems to use ";" between values; save it with commas.'
      : '';
  const code =
    problems.missing.length > 0
      ? 'catalog_import.missing_columns'
      : problems.duplicate.length > 0
        ? 'catalog_import.duplicate_columns'
        : 'catalog_import.unknown_columns';
  return new AppError(
    code,
    `The header row does not fit the catalog CSV format (${parts.join('; ')}).${hint}`,
    {
      missing: [...problems.missing],
      duplicate: [...problems.duplicate],
      unknown: [...problems.unknown],
    },
  );
}
