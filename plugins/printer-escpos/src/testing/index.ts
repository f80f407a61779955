export { codepageTable, codepageTableOf, EPSON_CODEPAGE_TABLE } from './codepage-tables.ts';
export type {
  DecodedAlign,
  DecodedBarcode,
  DecodedDrawerPulse,
  DecodedEscPos,
  DecodedLine,
  DecodeOptions,
} from './decode.ts';
export { decodeEscPos } from './decode.ts';
