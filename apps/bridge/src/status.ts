import type { PrinterStatusView } from './events.ts';
import type { JobCounts } from './jobs/print-queue.ts';
import type { PairedRegister } from './pairing.ts';

/** GET /status: what the register shows about its bridge and printers. */
export interface BridgeStatus {
  readonly version: string;
  readonly paired: PairedRegister | null;
  readonly pairingOpen: boolean;
  readonly printers: readonly PrinterStatusView[];
  readonly jobs: JobCounts;
}
