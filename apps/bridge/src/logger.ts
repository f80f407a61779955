/** Where the bridge tells the person at the store PC what it is doing. */
export interface BridgeLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: BridgeLogger = {
  info() {},
  warn() {},
  error() {},
};

function stamped(message: string): string {
  return `${new Date().toISOString()} ${message}`;
}

export const consoleLogger: BridgeLogger = {
  info: (message) => console.log(stamped(message)),
  warn: (message) => console.warn(stamped(`warning: ${message}`)),
  error: (message) => console.error(stamped(`error: ${message}`)),
};
