// What a register needs to print receipts by itself, in the browser: the renderer and the
// settings schema, without the plugin definition the platform registers.

export type { EscPosConfig } from './config.ts';
export { escposConfigSchema } from './config.ts';
export { type EscPosRenderOptions, renderEscPos } from './render.ts';
