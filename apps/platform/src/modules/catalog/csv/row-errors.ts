import type { RowError } from './import-schemas.ts';

export const MAX_REPORTED_ROW_ERRORS = 1_000;

/**
 * Row problems found while checking a file. Every problem is counted; the report keeps the
 * first 1,000 in file order (problems are found over several passes, not in line order), so a
 * file where every row is wrong costs bounded memory and a readable response.
 */
export class RowErrorReport {
  #kept: RowError[] = [];
  #total = 0;

  add(line: number, column: string, code: string, message: string): void {
    this.#total += 1;
    this.#kept.push({ line, column, code, message });
    if (this.#kept.length >= 2 * MAX_REPORTED_ROW_ERRORS) this.#trim();
  }

  get total(): number {
    return this.#total;
  }

  list(): RowError[] {
    this.#trim();
    return [...this.#kept];
  }

  #trim(): void {
    this.#kept.sort((a, b) => a.line - b.line);
    this.#kept.length = Math.min(this.#kept.length, MAX_REPORTED_ROW_ERRORS);
  }
}
