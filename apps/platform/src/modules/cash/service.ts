import type { Database } from '@tillpoint/db';
import type { Outbox } from '../../events/outbox.ts';
import { createDrawerUseCases } from './drawer-service.ts';
import type { CashReportPrinters } from './printers.ts';
import { createReportUseCases } from './report-service.ts';
import { createSessionUseCases } from './session-service.ts';

/** Cash drawers: sessions, movements and no-sale opens, X and Z reports. */
export function createCashService(db: Database, outbox: Outbox, printers: CashReportPrinters) {
  return {
    ...createSessionUseCases(db, outbox),
    ...createDrawerUseCases(db),
    ...createReportUseCases(db, printers),
  };
}

export type CashService = ReturnType<typeof createCashService>;
