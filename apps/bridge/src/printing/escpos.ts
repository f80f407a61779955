import type { DrawerPin } from '../config.ts';

export const ESC_POS_CONTENT_TYPE = 'application/vnd.tillpoint.escpos';

/** What the bridge knows about a printer; 'unknown' only until it first reaches the printer. */
export type PrinterState = 'unknown' | 'ready' | 'offline' | 'paper_out' | 'cover_open' | 'error';

/**
 * ESC p m t1 t2: pulse the drawer connector. m = 0 drives pin 2, m = 1 pin 5; the pulse is on for
 * 25 x 2 ms and off for 250 x 2 ms, long enough for every common drawer solenoid.
 */
export function drawerKick(pin: DrawerPin): Uint8Array {
  return Uint8Array.of(0x1b, 0x70, pin === 2 ? 0 : 1, 25, 250);
}

/** DLE EOT n, the real-time status requests, in the order the bridge asks them. */
export const STATUS_REQUESTS = {
  printer: 1,
  offlineCause: 2,
  paperRoll: 4,
} as const;

export function statusRequest(n: number): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

export interface StatusReplies {
  readonly printer: number;
  readonly offlineCause: number;
  readonly paperRoll: number;
}

export interface InterpretedStatus {
  readonly state: Exclude<PrinterState, 'unknown'>;
  /** Why the printer cannot print, for the status page; null when ready. */
  readonly problem: string | null;
}

// Every DLE EOT reply has bit 1 and bit 4 set and bits 0 and 7 clear; anything else is not a
// status byte (a printer that does not speak ESC/POS status, or a misread stream).
function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** Reads the three DLE EOT replies (Epson ESC/POS, followed by most compatible printers). */
export function interpretStatus(replies: StatusReplies): InterpretedStatus {
  const { printer, offlineCause, paperRoll } = replies;
  if (![printer, offlineCause, paperRoll].every(isStatusByte)) {
    return { state: 'error', problem: 'the printer gave an unrecognised status reply' };
  }
  if (offlineCause & 0x04) return { state: 'cover_open', problem: 'the printer cover is open' };
  if (paperRoll & 0x60 || offlineCause & 0x20) {
    return { state: 'paper_out', problem: 'the printer is out of paper' };
  }
  if (offlineCause & 0x40) {
    return { state: 'error', problem: 'the printer reports an error (cutter jam or overheating?)' };
  }
  if (printer & 0x08) {
    return { state: 'error', problem: 'the printer reports it is offline (feed button held?)' };
  }
  return { state: 'ready', problem: null };
}
