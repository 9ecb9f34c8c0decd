/**
 * The background task host's process: `node host.js [--home DIR] [--quiet-ms N]`. Started
 * detached by the first client that needs it (src/channel/hostLauncher.ts); prints one line on
 * stdout when it is ready to take clients ("ready") or when another host already serves this
 * home ("running"), then logs to its home's host.log only.
 */
import { hostPaths, defaultHostHome, preparePaths } from '../channel/hostPaths';
import { DirLock } from '../core/ledger/dirLock';
import { errorMessage } from '../core/tasks/protocolErrors';
import { fileLogger } from './hostLog';
import { TaskHost } from './taskHost';

export const HOST_VERSION = '0.1.0';
/** With no client and nothing live, the host goes after this long unless told otherwise. */
const DEFAULT_QUIET_MS = 10 * 60 * 1000;

function flag(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function say(line: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${line}\n`, () => resolve()));
}

async function run(argv: readonly string[]): Promise<void> {
  const paths = hostPaths(flag(argv, '--home') ?? defaultHostHome());
  const quietText = flag(argv, '--quiet-ms');
  const quietMs = quietText !== undefined && Number(quietText) >= 0 ? Number(quietText) : DEFAULT_QUIET_MS;
  preparePaths(paths);
  const logger = fileLogger(paths.logFile, process.env.MCP_TASKS_DEBUG === '1');
  // One host per home, for its whole life: the lock is only taken over from a dead process.
  const lock = new DirLock(paths.lockFile, { timeoutMs: 0, staleMs: Number.POSITIVE_INFINITY });
  try {
    await lock.acquire();
  } catch {
    await say('running');
    process.exit(0);
  }
  process.on('uncaughtException', (err) => {
    logger.error(`uncaught: ${err.stack ?? errorMessage(err)}`);
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => logger.debug(`unhandled rejection: ${errorMessage(reason)}`));
  const host = await TaskHost.open({ paths, version: HOST_VERSION, quietMs, logger });
  host.onDidStop(async () => {
    await lock.release().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => { void host.stop(`got ${signal}`); });
  await host.listen();
  logger.info(`host ${HOST_VERSION} (pid ${process.pid}) serving ${paths.home} on ${paths.socket}; quiet period ${quietMs} ms`);
  await say('ready');
}

if (require.main === module) {
  run(process.argv.slice(2)).catch(async (err: unknown) => {
    await say(`failed: ${errorMessage(err)}`);
    process.exit(1);
  });
}
