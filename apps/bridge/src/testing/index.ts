export {
  type BridgeReply,
  bridgeClient,
  type PrintInput,
  pairBridge,
  printBody,
  waitUntil,
} from './bridge-client.ts';
export {
  type FakePrinter,
  type FakePrinterCondition,
  type FakePrinterConnection,
  type FakePrinterOptions,
  startFakePrinter,
} from './fake-printer.ts';
export {
  FAST_TIMING,
  makeDataDir,
  printerEntry,
  startTestBridge,
  type TestBridge,
  type TestBridgeOptions,
} from './test-bridge.ts';
