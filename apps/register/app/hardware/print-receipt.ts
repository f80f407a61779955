import { TillpointApiError } from '@tillpoint/api-client';
import type { BridgeClient } from './bridge-client.ts';

// A receipt from the platform (ESC/POS bytes rendered by the tenant's printer plugin) sent to
// the bridge. The job id is the document's id (or a fixed id per copy), so pressing Print
// twice, or a retry after a lost answer, prints each copy once; printing the same copy again
// on purpose is the bridge's POST /jobs/{id}/reprint.

export type ReceiptCopy = 'customer' | 'gift' | 'reprint' | 'merchant';

export interface ReceiptSource {
  readonly kind: 'sales' | 'refunds';
  readonly id: string;
  readonly copy: ReceiptCopy;
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
  await bridge.print({ jobId: receiptJobId(source.id, source.copy), registerId, bytes });
}
