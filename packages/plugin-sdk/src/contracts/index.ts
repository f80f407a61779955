export * from './accounting-contract.ts';
export * from './payment-contract.ts';
export * from './printer-contract.ts';
export * from './sample-cash-report.ts';
export * from './sample-journal.ts';
export * from './sample-receipt.ts';
