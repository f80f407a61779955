export { ControlError, control, type PrinterJobs, type SalesList } from './control.ts';
export { expect, test } from './fixtures.ts';
export { goOffline, goOnline } from './network.ts';
export { snap } from './snap.ts';
export { product, readStack, type StackInfo, type StackProduct } from './stack.ts';
