/**
 * Which snapshots of a 2026-07-28 task are news. A reply to `tasks/get` is handed on a turn after
 * the message that carried it, while a status notification read in the same chunk is handed on at
 * once, so a reply can arrive after a newer notification. Such an overtaken snapshot must not ask
 * an answered question again nor name an ended task as running.
 */
import { isWireTerminal } from '../wireTask';
import type { ModernTask } from './taskShapes2026';

/** Tasks remembered at most; the oldest is forgotten beyond it. */
const MAX_TASKS = 1_000;

interface Newest {
  updatedAt: number | undefined;
  ended: boolean;
}

export class SnapshotOrder {
  private readonly newest = new Map<string, Newest>();

  /** True when the snapshot is not older than one seen before (and remembers it). */
  admit(task: ModernTask): boolean {
    const seen = this.newest.get(task.taskId);
    const updatedAt = timeOf(task.lastUpdatedAt);
    const ended = isWireTerminal(task.status);
    if (seen) {
      // An ended task does not run again, even within the same millisecond.
      if (seen.ended && !ended) return false;
      if (seen.updatedAt !== undefined && updatedAt !== undefined && updatedAt < seen.updatedAt) return false;
    }
    if (!seen && this.newest.size >= MAX_TASKS) this.newest.delete(this.newest.keys().next().value!);
    this.newest.set(task.taskId, { updatedAt: updatedAt ?? seen?.updatedAt, ended });
    return true;
  }

  forget(taskId: string): void {
    this.newest.delete(taskId);
  }
}

function timeOf(text: string | undefined): number | undefined {
  const time = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}
