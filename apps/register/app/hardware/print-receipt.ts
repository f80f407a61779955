import { TillpointApiError } from '@tillpoint/api-client';
import type { BridgeClient } from './bridge-client.ts';

// Receipts to the bridge. Two sources of bytes, one job id rule:
// - the platform's (GET .../receipt?format=escpos, rendered by the tenant's printer plugin) for a
//   sale the server holds while it is reachable: authoritative, and reprints are audited there;
// - this register's own rendering (app/receipt/), with the same renderer and printer settings,
//   for a sale still in the outbox or while the platform is out of reach.
// The job id is the document's id (or a fixed id per copy), so pressing Print twice, a retry
// after a lost answer, or the same copy asked for again once the sale has synced, prints each
// copy once. Another copy on purpose (the customer asks again) is a new press with its own job
// id, chosen by the caller when the button is pressed (ReceiptSource.jobId).

export type ReceiptCopy = 'customer' | 'gift' | 'reprint' | 'merchant';

export interface ReceiptSource {
  readonly kind: 'sales' | 'refunds';
  readonly id: string;
  readonly copy: ReceiptCopy;
  /** A deliberate further copy: its own job id instead of the copy's fixed one. */
  readonly jobId?: string;
}

/** Fetches the ESC/POS bytes with the signed-in cashier's token. */
export async function fetchReceiptBytes(
  source: ReceiptSource,
  token: string,
  baseUrl: string = globalThis.location.origin,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<Uint8Array> {
  const query = new URLSearchParams({ format: 'escpos', copy: source.copy });
  const response = await fetchImpl(
    `${baseUrl}/api/v1/${source.kind}/${source.id}/receipt?${query}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!response.ok)
    throw new TillpointApiError(response.status, await response.json().catch(() => null));
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The bridge job id for a copy: the customer copy takes the document id itself; other copies
 * a stable variant of it (the last hex digit group replaced), so each copy prints once too.
 */
export function receiptJobId(documentId: string, copy: ReceiptCopy): string {
  if (copy === 'customer') return documentId;
  const suffix: Record<Exclude<ReceiptCopy, 'customer'>, string> = {
    gift: '9f1f',
    reprint: '9f2f',
    merchant: '9f3f',
  };
  return `${documentId.slice(0, -4)}${suffix[copy]}`;
}

export async function printReceipt(
  bridge: BridgeClient,
  registerId: string,
  source: ReceiptSource,
  token: string,
): Promise<void> {
  const bytes = await fetchReceiptBytes(source, token);
  const jobId = source.jobId ?? receiptJobId(source.id, source.copy);
  await bridge.print({ jobId, registerId, bytes });
}

/** Sends bytes rendered on this register, under the same job id the server's would take. */
export async function printReceiptBytes(
  bridge: BridgeClient,
  registerId: string,
  documentId: string,
  copy: ReceiptCopy,
  bytes: Uint8Array,
  jobId: string = receiptJobId(documentId, copy),
): Promise<void> {
  await bridge.print({ jobId, registerId, bytes });
}
