import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { type Static, Type } from 'typebox';
import { FIXED_CODEPAGES } from './codepages.ts';

// The tenant's printer settings. Nothing here is secret: the printer sits on the shop's LAN and
// the store's bridge sends it the bytes. Limits keep a receipt header from eating a paper roll.

/** Every model the encoder knows. Star models are driven in their ESC/POS emulation mode. */
export const PRINTER_MODELS: readonly { readonly id: string; readonly name: string }[] =
  ReceiptPrinterEncoder.printerModels.map((model) => ({ id: model.id, name: model.name.trim() }));

export const MAX_EXTRA_LINES = 5;
export const MAX_EXTRA_LINE_LENGTH = 48;

/** A string from a list known only at run time (typebox cannot infer a union from it). */
function oneOf(values: readonly string[], options: { description: string; default?: string }) {
  return Type.Unsafe<string>(
    Type.Union(
      values.map((value) => Type.Literal(value)),
      options,
    ),
  );
}

const extraLines = (where: string) =>
  Type.Optional(
    Type.Array(Type.String({ maxLength: MAX_EXTRA_LINE_LENGTH }), {
      maxItems: MAX_EXTRA_LINES,
      description: `Lines printed ${where} every receipt, after the store's own.`,
      default: [],
    }),
  );

export const escposConfigSchema = Type.Object(
  {
    paperWidthMm: Type.Union([Type.Literal(58), Type.Literal(80)], {
      description: 'Paper roll width: 58 mm prints 32 characters a line, 80 mm 42 to 48.',
      default: 80,
    }),
    printerModel: Type.Optional(
      oneOf(
        PRINTER_MODELS.map((model) => model.id),
        {
          description:
            'The printer model, for its code pages, line width and cutter. Leave empty for a ' +
            'generic ESC/POS printer (Epson code pages).',
        },
      ),
    ),
    codepage: Type.Optional(
      oneOf(['auto', ...FIXED_CODEPAGES], {
        description:
          '"auto" picks, for each piece of text, a code page of the printer that has its ' +
          'characters. Fix one only for a printer whose code page table is non-standard.',
        default: 'auto',
      }),
    ),
    receiptCode: Type.Optional(
      Type.Union([Type.Literal('qr'), Type.Literal('code128'), Type.Literal('none')], {
        description:
          'Code printed at the bottom so a return can scan the receipt: QR (2D scanners), ' +
          'Code 128 (any scanner; 80 mm paper only) or none.',
        default: 'qr',
      }),
    ),
    headerLines: extraLines('at the top of'),
    footerLines: extraLines('at the bottom of'),
    drawerPin: Type.Optional(
      Type.Union([Type.Literal(2), Type.Literal(5)], {
        description: 'Connector pin the cash drawer is wired to (almost always 2).',
        default: 2,
      }),
    ),
    cutter: Type.Optional(
      Type.Boolean({ description: 'The printer has an automatic cutter.', default: true }),
    ),
  },
  { additionalProperties: false },
);

export type EscPosConfig = Static<typeof escposConfigSchema>;
