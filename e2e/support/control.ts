// Client of the stack's control API: the parts of a journey that happen outside the browser.
import type { paths } from '@tillpoint/api-client';
import type { BulkResult } from '../stack/bulk.ts';
import type { PrinterJobsView } from '../stack/control.ts';
import { readStack } from './stack.ts';

export type SalesList =
  paths['/api/v1/sales']['get']['responses'][200]['content']['application/json'];
export type PrinterJobs = PrinterJobsView;

export interface RegisterPairingCode {
  readonly code: string;
  readonly registerId: string;
  readonly expiresAt: string;
}

export class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ControlError';
    this.status = status;
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${readStack().controlUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const payload = (await response.json()) as T & { error?: string };
  if (!response.ok)
    throw new ControlError(
      response.status,
      `${method} ${path}: ${payload.error ?? response.status}`,
    );
  return payload;
}

export const control = {
  /** A fresh one-time code to pair a register (default: the seeded one), made by the owner. */
  pairingCode: (registerId?: string) =>
    call<RegisterPairingCode>('POST', '/pairing-code', registerId ? { registerId } : {}),
  /** The customer taps a card on the register's reader (a payment must be waiting on it). */
  presentCard: (number?: string) =>
    call<{ presented: true; readerId: string }>('POST', '/card/present', number ? { number } : {}),
  /** What the receipt printer received so far, decoded to text. */
  printerJobs: () => call<PrinterJobs>('GET', '/printer/jobs'),
  /** The register's sales as the owner sees them on the server (newest first, up to 100). */
  sales: (registerId?: string) =>
    call<SalesList>(
      'GET',
      `/sales${registerId ? `?registerId=${encodeURIComponent(registerId)}` : ''}`,
    ),
  /** The code the bridge offers now; null once a register has paired with it. */
  bridgePairingCode: () => call<{ code: string | null }>('GET', '/bridge/pairing-code'),
  /** Restarts the bridge with pairing open (the previous pairing holds until a new one). */
  reopenBridgePairing: () => call<{ code: string | null }>('POST', '/bridge/reopen-pairing'),
  /** Adds `count` products to the retailer's catalog (the large-catalog benchmark). */
  bulkVariants: (count: number) => call<BulkResult>('POST', '/bulk-variants', { count }),
};
