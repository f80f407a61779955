import { TillpointApiError } from '@tillpoint/api-client';
import { type BridgeClient, BridgeError } from '../hardware/bridge-client.ts';
import { printReceipt, printReceiptBytes, type ReceiptCopy } from '../hardware/print-receipt.ts';
import type { CompletedSale } from '../ui/receipt-model.ts';
import { buildLocalReceipt } from './build-receipt.ts';
import type { ReceiptProfile } from './profile.ts';
import { LocalPrintError, renderLocalReceipt } from './render-local.ts';

// Which bytes print a completed sale's receipt. A sale the server holds, while the server is
// reachable: the server's (authoritative; reprints audited there). Otherwise, or when the
// server cannot be reached after all, this register renders it. Both go to the bridge under the
// same job id, so a receipt printed here is not printed again once the sale has synced.

export interface SaleOnServer {
  /** The server holds the sale (completed online, or delivered from the outbox). */
  readonly known: boolean;
  /** Its receipt number, when the server gave one. */
  readonly receiptNumber: number | null;
}

export interface PrintSaleReceiptInput {
  readonly bridge: BridgeClient;
  readonly registerId: string;
  readonly sale: CompletedSale;
  readonly copy: ReceiptCopy;
  /** A deliberate further copy: its own bridge job id (else the copy's fixed one). */
  readonly jobId?: string;
  readonly online: boolean;
  /** Asked at print time: an outbox sale may have synced a moment ago. */
  readonly onServer: () => Promise<SaleOnServer>;
  readonly token: string;
  readonly cashierName: string | null;
  /** The cached receipt profile (null: never fetched on this register). */
  readonly profile: ReceiptProfile | null;
  /** The platform's bytes (injectable for tests). */
  readonly printFromServer?: typeof printReceipt;
}

export type PrintOutcome =
  | { readonly printedBy: 'server' }
  | { readonly printedBy: 'register'; readonly provisionalNumber: boolean };

/** No answer at all from the platform, as opposed to an answer refusing. */
function unreachable(error: unknown): boolean {
  return !(error instanceof TillpointApiError) && error instanceof TypeError;
}

/**
 * The bridge refuses a job id it already printed with other bytes (job.conflict): this copy left
 * the printer before, from the other source (here before the sale synced, or the server's).
 */
function alreadyPrinted(error: unknown): never {
  if (error instanceof BridgeError && error.code === 'job.conflict')
    throw new LocalPrintError(
      'receipt.already_printed',
      'This receipt has already been printed. A second copy is a reprint.',
    );
  throw error;
}

export async function printSaleReceipt(input: PrintSaleReceiptInput): Promise<PrintOutcome> {
  return printOnce(input).catch(alreadyPrinted);
}

async function printOnce(input: PrintSaleReceiptInput): Promise<PrintOutcome> {
  const { bridge, registerId, sale, copy } = input;
  const server = input.online ? await input.onServer() : { known: false, receiptNumber: null };
  if (input.online && server.known) {
    try {
      await (input.printFromServer ?? printReceipt)(
        bridge,
        registerId,
        { kind: 'sales', id: sale.saleId, copy, ...(input.jobId ? { jobId: input.jobId } : {}) },
        input.token,
      );
      return { printedBy: 'server' };
    } catch (error) {
      if (!unreachable(error)) throw error;
    }
  }
  if (!input.profile)
    throw new LocalPrintError(
      'receipt.profile_missing',
      'This register has not loaded its receipt settings yet, so it cannot print by itself. ' +
        'Connect it to the network once (or sign in again online), then print.',
    );
  const receiptNumber = sale.receiptNumber ?? server.receiptNumber;
  const receipt = buildLocalReceipt({
    sale,
    profile: input.profile,
    receiptNumber,
    cashierName: input.cashierName,
  });
  const bytes = renderLocalReceipt(receipt, input.profile.printer, copy);
  await printReceiptBytes(bridge, registerId, sale.saleId, copy, bytes, input.jobId);
  return { printedBy: 'register', provisionalNumber: receiptNumber === null };
}
