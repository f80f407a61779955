import { ok, type TillpointClient } from '@tillpoint/api-client';
import { type BridgeClient, BridgeError, type BridgeJob } from './bridge-client.ts';

// X and Z reports from the platform (ESC/POS bytes rendered by the tenant's printer plugin) sent
// to the bridge. A Z report's job id is fixed per session, so pressing Print twice, or a retry
// after a lost answer, prints it once; printing it again on purpose is the bridge's reprint
// (POST /jobs/{id}/reprint), which copies the bytes it printed.

export type CashReportKind = 'x' | 'z';

/**
 * The bridge job id of a session's Z report: the session id with its last hex group replaced,
 * as receipt copies do with the sale id. An X report has new figures each time it is taken, so
 * its id is chosen when it is taken (see the shift screen) and reused only for that one.
 */
export function zReportJobId(cashSessionId: string): string {
  return `${cashSessionId.slice(0, -4)}c5e2`;
}

/** The report's printer bytes, read with the given client's token (cashier or manager). */
export async function fetchCashReportBytes(
  client: TillpointClient,
  cashSessionId: string,
  kind: CashReportKind,
): Promise<Uint8Array> {
  const options = {
    params: { path: { id: cashSessionId }, query: { format: 'escpos' as const } },
    parseAs: 'arrayBuffer' as const,
  };
  const buffer =
    kind === 'x'
      ? await ok(client.api.GET('/api/v1/cash-sessions/{id}/report', options))
      : await ok(client.api.GET('/api/v1/cash-sessions/{id}/z-report', options));
  return new Uint8Array(buffer);
}

/** Sends the bytes under `jobId`; a job id the bridge knows is answered, not printed twice. */
export async function sendCashReport(
  bridge: BridgeClient,
  registerId: string,
  jobId: string,
  bytes: Uint8Array,
): Promise<BridgeJob> {
  const job = await bridge.print({ jobId, registerId, bytes });
  if (job.status === 'failed_permanently')
    throw new BridgeError(
      0,
      'bridge.print_failed',
      job.lastError ?? 'The printer did not print the report.',
    );
  return job;
}
