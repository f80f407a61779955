import { composeRow, printable, wrapText } from '@tillpoint/domain';
import { ESC_POS_CONTENT_TYPE, type PrintJobBytes } from '@tillpoint/plugin-sdk';
import { finishJob, printReceiptCode, startJob } from './encoder.ts';
import type { EscPosSettings } from './settings.ts';

/** A sample UUID so the test page shows the receipt code exactly as receipts will. */
const SAMPLE_DOCUMENT_ID = '00000000-0000-7000-8000-000000000000';

/**
 * What staff print when setting a printer up: the settings in use, a ruler to check the line
 * width, accented text and currency signs to check the code pages, and the receipt code.
 */
export function renderTestPageWith(settings: EscPosSettings, storeName: string): PrintJobBytes {
  const job = startJob(settings);
  const { encoder, safe } = job;
  const { columns } = settings;
  const name = printable(storeName).trim() || 'Test page';

  encoder.align('center').bold(true).size(2, 2);
  for (const line of wrapText(name, Math.floor(columns / 2))) encoder.line(safe(line));
  encoder.size(1, 1).bold(false);
  encoder.line('Printer test page').newline().align('left');

  const rows: [string, string][] = [
    ['Printer', settings.modelName],
    ['Paper', `${settings.paperWidthMm} mm`],
    ['Characters per line', String(columns)],
    ['Code page', settings.codepage],
    ['Drawer pin', settings.drawerConnector === 1 ? '5' : '2'],
    ['Receipt code', settings.receiptCode],
  ];
  for (const [label, value] of rows)
    for (const line of composeRow(label, value, columns)) encoder.line(safe(line));

  encoder.newline();
  const ruler = Array.from({ length: columns }, (_, index) => String((index + 1) % 10)).join('');
  encoder.line(ruler);
  for (const line of wrapText('Crème brûlée, Äpfel, señor, Œuvre: € £ ¥ $', columns))
    encoder.line(safe(line));
  encoder.newline();
  printReceiptCode(job, settings, SAMPLE_DOCUMENT_ID);
  encoder.align('center').line(SAMPLE_DOCUMENT_ID.slice(0, columns)).align('left');

  return {
    contentType: ESC_POS_CONTENT_TYPE,
    bytes: finishJob(job, settings, false),
    opensDrawer: false,
  };
}
