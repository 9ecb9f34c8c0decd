import { appendFileSync } from 'node:fs';

/** One line of the demo server's lifecycle log (see DEMO_SERVER_EVENTS_FILE). */
export interface DemoTaskEvent {
  event: 'created' | 'cancelled' | 'completed' | 'failed';
  taskId: string;
  tool: string;
  /** ISO timestamp of the moment the server recorded the event. */
  at: string;
}

export type DemoEventSink = (event: Omit<DemoTaskEvent, 'at'>) => void;

/**
 * Appends one JSON line per task lifecycle event to `file`, so tests can check what really
 * happened on the server side. Writes are synchronous: a line is on disk before the reply
 * that caused it leaves the server, so a reader never races the writer.
 */
export function fileEventSink(file: string | undefined): DemoEventSink {
  if (!file) {
    return () => undefined;
  }
  return (event) => {
    const line: DemoTaskEvent = { ...event, at: new Date().toISOString() };
    try {
      appendFileSync(file, JSON.stringify(line) + '\n');
    } catch (err) {
      // The log is a test aid; losing it must never take the demo down.
      process.stderr.write(`[demo-server] cannot write event log ${file}: ${String(err)}\n`);
    }
  };
}
