/** The host's log: one file in its home, started afresh (the previous one kept as .1) when it grows large. */
import * as fs from 'node:fs';
import { capLogMessage } from '../core/logCap';
import type { Logger } from '../core/ports';

const MAX_LOG_BYTES = 2 * 1024 * 1024;

export function fileLogger(file: string, debug: boolean): Logger {
  try {
    if (fs.statSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
  const fd = fs.openSync(file, 'a', 0o600);
  const write = (level: string) => (message: string) => {
    fs.writeSync(fd, `${new Date().toISOString()} [${level}] ${capLogMessage(message)}\n`);
  };
  const skip = () => {};
  return {
    trace: debug ? write('trace') : skip,
    debug: debug ? write('debug') : skip,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    isTraceEnabled: () => debug,
  };
}
