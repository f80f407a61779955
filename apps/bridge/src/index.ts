export {
  BRIDGE_VERSION,
  type BridgeLimits,
  type BridgeTiming,
  DEFAULT_LIMITS,
  DEFAULT_PAIRING_POLICY,
  DEFAULT_TIMING,
  type RunningBridge,
  type StartBridgeOptions,
  startBridge,
} from './bridge.ts';
export {
  type BridgeConfig,
  type BridgeConfigInput,
  ConfigError,
  loadConfigFile,
  type PrinterConfig,
  parseConfig,
} from './config.ts';
export type { BridgeEvent, PrinterStatusView } from './events.ts';
export { UNAUTHORIZED_CLOSE_CODE } from './http/event-socket.ts';
export type { JobStatus, JobView } from './jobs/job.ts';
export { type BridgeLogger, consoleLogger, silentLogger } from './logger.ts';
export type { PairedRegister, PairingCode } from './pairing.ts';
export { ESC_POS_CONTENT_TYPE, type PrinterState } from './printing/escpos.ts';
export type { BridgeStatus } from './status.ts';
