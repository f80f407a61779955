import { parseArgs } from 'node:util';
import { startBridge } from './bridge.ts';
import { ConfigError, loadConfigFile } from './config.ts';
import { consoleLogger } from './logger.ts';

const USAGE = `Usage: node src/main.ts [--config <file>] [--pair]

  --config <file>  the bridge configuration (JSON); default: $BRIDGE_CONFIG
  --pair           show a new pairing code even though a register is paired;
                   pairing a register replaces the one paired before`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  let args: { config?: string | undefined; pair?: boolean | undefined; help?: boolean | undefined };
  try {
    args = parseArgs({
      options: {
        config: { type: 'string' },
        pair: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const configPath = args.config ?? process.env.BRIDGE_CONFIG;
  if (!configPath) fail(`No configuration given.\n\n${USAGE}`);

  const config = await loadConfigFile(configPath);
  const bridge = await startBridge({
    config,
    pair: args.pair ?? false,
    logger: consoleLogger,
    onPairingCode: ({ code, expiresAt }) => {
      consoleLogger.info(
        `Pairing code: ${code} (valid until ${expiresAt.toLocaleTimeString()}); enter it on the register`,
      );
    },
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info(`${signal} received; finishing the job being printed, then stopping`);
    bridge.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`Stopping failed: ${String(error)}`),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message);
  fail(`The bridge could not start: ${error instanceof Error ? error.message : String(error)}`);
});
