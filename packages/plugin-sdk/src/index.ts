export * from './accounting.ts';
export * from './common.ts';
export * from './context.ts';
export * from './define.ts';
export * from './errors.ts';
export * from './payment.ts';
export * from './printer.ts';
export * from './testing/context.ts';
