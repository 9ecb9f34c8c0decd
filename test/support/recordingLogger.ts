import type { Logger } from '../../src/core/ports';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** A Logger that keeps every line, so tests can assert what was logged (and what never was). */
export class RecordingLogger implements Logger {
  readonly lines: { level: LogLevel; message: string }[] = [];

  trace(message: string): void { this.lines.push({ level: 'trace', message }); }
  debug(message: string): void { this.lines.push({ level: 'debug', message }); }
  info(message: string): void { this.lines.push({ level: 'info', message }); }
  warn(message: string): void { this.lines.push({ level: 'warn', message }); }
  error(message: string): void { this.lines.push({ level: 'error', message }); }

  /** Lines at `level` (or any level) whose message matches. */
  matching(pattern: RegExp, level?: LogLevel): string[] {
    return this.lines.filter((l) => (!level || l.level === level) && pattern.test(l.message)).map((l) => l.message);
  }

  text(): string {
    return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n');
  }
}
