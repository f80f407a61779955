import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { PLUGIN_ERROR_CODES, PluginError } from '@tillpoint/plugin-sdk';
import { type CodepagePlan, encoderModelOptions, planCodepages } from './codepages.ts';
import { type EscPosConfig, PRINTER_MODELS } from './config.ts';

// A configuration turned into everything rendering needs, checked once when the adapter is built
// so a wrong setting shows up in "test the connection", not halfway through a sale.

export interface EscPosSettings {
  readonly paperWidthMm: 58 | 80;
  /** Characters per line in the printer's normal font (font A). */
  readonly columns: number;
  readonly printerModel: string | undefined;
  readonly modelName: string;
  readonly codepage: string;
  readonly codepages: CodepagePlan;
  readonly receiptCode: 'qr' | 'code128' | 'none';
  readonly supportsQr: boolean;
  readonly headerLines: readonly string[];
  readonly footerLines: readonly string[];
  /** ESC p connector: 0 is pin 2, 1 is pin 5. */
  readonly drawerConnector: 0 | 1;
  readonly cutter: boolean;
}

/** Font A columns of a generic printer per paper width. */
const GENERIC_COLUMNS = { 58: 32, 80: 48 } as const;

/** Models whose normal font has at most this many columns take 58 mm paper. */
const NARROW_MODEL_MAX_COLUMNS = 35;

export function resolveSettings(config: EscPosConfig): EscPosSettings {
  const misconfigured = (message: string) =>
    new PluginError(PLUGIN_ERROR_CODES.misconfigured, message, { retryable: false });
  const paperWidthMm = config.paperWidthMm;
  const model = PRINTER_MODELS.find((candidate) => candidate.id === config.printerModel);
  if (config.printerModel !== undefined && !model)
    throw misconfigured(`Printer model "${config.printerModel}" is unknown.`);

  let columns: number = GENERIC_COLUMNS[paperWidthMm];
  let supportsQr = true;
  if (model) {
    const probe = new ReceiptPrinterEncoder(encoderModelOptions(model.id, columns));
    columns = probe.columns;
    const modelPaper = columns <= NARROW_MODEL_MAX_COLUMNS ? 58 : 80;
    if (modelPaper !== paperWidthMm)
      throw misconfigured(
        `The ${model.name} takes ${modelPaper} mm paper; set the paper width to ${modelPaper} mm.`,
      );
    supportsQr = qrSupported(probe.printerCapabilities);
  }

  const codepage = config.codepage ?? 'auto';
  const codepages = planCodepages(model?.id, codepage);
  if ('problem' in codepages) throw misconfigured(codepages.problem);

  return {
    paperWidthMm,
    columns,
    printerModel: model?.id,
    modelName: model?.name ?? 'Generic ESC/POS printer',
    codepage,
    codepages,
    receiptCode: config.receiptCode ?? 'qr',
    supportsQr,
    headerLines: config.headerLines ?? [],
    footerLines: config.footerLines ?? [],
    drawerConnector: (config.drawerPin ?? 2) === 5 ? 1 : 0,
    cutter: config.cutter ?? true,
  };
}

function qrSupported(capabilities: object): boolean {
  const qrcode: unknown = Reflect.get(capabilities, 'qrcode');
  return typeof qrcode === 'object' && qrcode !== null && Reflect.get(qrcode, 'supported') === true;
}
