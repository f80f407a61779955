// The store PC's hardware: a network receipt printer (fake, records every job) behind the real
// bridge, which the register in the browser pairs with and prints through.
import { rm } from 'node:fs/promises';
import { type RunningBridge, startBridge } from '@tillpoint/bridge';
import {
  FAST_TIMING,
  type FakePrinter,
  makeDataDir,
  printerEntry,
  startFakePrinter,
} from '@tillpoint/bridge/testing';

export const PRINTER_NAME = 'receipt';

export interface StoreHardware {
  readonly printer: FakePrinter;
  /** The bridge now running (a new one after reopenPairing). */
  bridge(): RunningBridge;
  readonly url: string;
  /**
   * Restarts the bridge on the same port and data folder with pairing open again (what the
   * bridge's --pair flag does), so another journey can pair a register; returns the new code.
   */
  reopenPairing(): Promise<string | null>;
  close(): Promise<void>;
}

export async function startStoreHardware(allowedOrigin: string): Promise<StoreHardware> {
  const printer = await startFakePrinter();
  const dataDir = await makeDataDir();
  const start = (port: number, pair: boolean) =>
    startBridge({
      config: {
        port,
        dataDir,
        allowedOrigins: [allowedOrigin],
        printers: [printerEntry(printer, { name: PRINTER_NAME })],
      },
      pair,
      timing: FAST_TIMING,
    });
  let bridge = await start(0, false);
  const port = bridge.port;
  return {
    printer,
    bridge: () => bridge,
    url: bridge.url,
    async reopenPairing() {
      await bridge.close();
      bridge = await start(port, true);
      return bridge.pairingCode();
    },
    async close() {
      await bridge.close();
      await printer.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
