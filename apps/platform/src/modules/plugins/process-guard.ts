// Plugins run in the platform's process. Every call the host makes is awaited and guarded
// (call.ts), but a plugin can still start work of its own that fails with nobody listening.
// Node's default for such a rejection is to end the process: every tenant's sales would stop
// for one plugin's bug. The server logs them instead and keeps serving.

interface RejectionLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/** Logs unhandled promise rejections instead of letting them end the process. */
export function keepRunningOnUnhandledRejections(
  logger: RejectionLogger,
  target: NodeJS.EventEmitter = process,
): () => void {
  const listener = (reason: unknown) =>
    logger.error({ err: reason }, 'unhandled promise rejection (kept running)');
  target.on('unhandledRejection', listener);
  return () => target.off('unhandledRejection', listener);
}
