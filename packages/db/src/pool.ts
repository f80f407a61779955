import pg from 'pg';

// Money and counters are bigint columns. JS numbers hold every integer up to 2^53 exactly, which
// is far beyond any till; a larger value is a bug we want to see, not silently round.
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint value ${text} exceeds the safe integer range`);
  }
  return value;
}

const INT8_OID = 20;
const DATE_OID = 1082;

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseInt8;
    // Calendar dates stay strings: turning them into Date objects would shift them by time zone.
    if (oid === DATE_OID) return (text: string) => text;
    // numeric stays a string (pg's default): exact decimals are never parsed into floats.
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid);
  },
} as pg.CustomTypesConfig;

export interface PoolOptions {
  readonly url: string;
  readonly max: number;
  readonly applicationName: string;
  readonly statementTimeoutMs?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    application_name: options.applicationName,
    types: typeParsers,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return pool;
}

export function createClient(url: string, applicationName: string): pg.Client {
  return new pg.Client({
    connectionString: url,
    application_name: applicationName,
    types: typeParsers,
  });
}
