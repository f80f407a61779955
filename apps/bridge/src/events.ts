import type { JobView } from './jobs/job.ts';
import type { PrinterState } from './printing/escpos.ts';

export interface PrinterStatusView {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly state: PrinterState;
  /** Jobs waiting for this printer, the one being sent included. */
  readonly queued: number;
  readonly lastError: string | null;
  /** When the state last changed. */
  readonly since: string;
}

/** What the bridge pushes to the register over the /events WebSocket. */
export type BridgeEvent =
  | { readonly type: 'printer'; readonly printer: PrinterStatusView }
  | { readonly type: 'job'; readonly job: JobView };

export type EventListener = (event: BridgeEvent) => void;

export interface EventBus {
  publish(event: BridgeEvent): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    publish(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
