// What the running stack tells the specs: written by the stack process once everything listens,
// read by the Playwright side. Types only and node built-ins, so both sides can import it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// E2E_STACK_DIR lets two runs on one machine (a benchmark next to the journeys) keep apart.
export const STACK_DIR = process.env.E2E_STACK_DIR
  ? `${process.env.E2E_STACK_DIR.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../.stack/', import.meta.url));
export const STACK_FILE = `${STACK_DIR}stack.json`;

export interface StackProduct {
  readonly name: string;
  readonly sku: string;
  readonly variantId: string;
  /** EAN-13 printed on the pack; null for the weighed item (sold by PLU or scale label). */
  readonly barcode: string | null;
  /** Integer minor units; per kilogram for a weighed item. */
  readonly priceMinor: number;
  readonly unit: 'each' | 'weight';
  readonly plu: string | null;
}

/** A label as a scale or markdown labeller prints it: the value is inside the barcode. */
export interface StackEmbeddedLabel {
  readonly productName: string;
  readonly barcode: string;
  readonly valueKind: 'price' | 'weight';
  /** Minor units for price, grams for weight. */
  readonly value: number;
}

export interface StackStaff {
  readonly id: string;
  readonly name: string;
  readonly pin: string;
}

export interface StackInfo {
  readonly runId: string;
  /** The stack process, so teardown can stop it even from another runner process. */
  readonly pid: number;
  readonly platformUrl: string;
  /** platformUrl + /register/ */
  readonly registerUrl: string;
  readonly controlUrl: string;
  readonly database: string;
  readonly owner: { readonly email: string; readonly password: string };
  readonly tenantId: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly registerId: string;
  readonly registerName: string;
  /**
   * The store's second register (no card reader): journeys that need their own receipt
   * numbering (the offline one) pair with it; control.pairingCode(backRegister.id) pairs it.
   */
  readonly backRegister: { readonly id: string; readonly name: string };
  readonly currency: string;
  /** The store's one exclusive sales tax, in parts per million (82500 = 8.25 %). */
  readonly taxRatePpm: number;
  readonly cashier: StackStaff;
  readonly manager: StackStaff;
  readonly products: readonly StackProduct[];
  readonly embeddedLabels: readonly StackEmbeddedLabel[];
  readonly bridge: {
    readonly url: string;
    /** The code offered when the stack started; GET /bridge/pairing-code has the current one. */
    readonly pairingCode: string | null;
    readonly printerName: string;
  };
  readonly stripe: { readonly url: string; readonly readerId: string };
}

export function readStackFile(path: string = STACK_FILE): StackInfo {
  return JSON.parse(readFileSync(path, 'utf8')) as StackInfo;
}
