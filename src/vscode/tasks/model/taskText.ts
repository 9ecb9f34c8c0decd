/** The words and numbers a person sees for one task: elapsed time, progress, description, tooltip. */
import { isTerminalStatus, type TaskProgress, type TaskRecord, type TaskStatus } from '../../../core/model/taskRecord';
import { markdownCode, markdownFence, markdownText } from '../../inertText';

/** "0 s", "42 s", "3 m 05 s", "2 h 07 m", "3 d 4 h". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${pad(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${pad(m % 60)} m`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A finished task's duration: tenths under ten seconds ("0.6 s", "3.2 s"), else like formatElapsed. */
export function formatDuration(ms: number): string {
  if (ms >= 0 && ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  return formatElapsed(ms);
}

/** "3/5" for small whole counts, "42 %" otherwise; undefined without a usable total. */
export function formatProgress(progress: TaskProgress | undefined): string | undefined {
  if (!progress || !Number.isFinite(progress.progress)) return undefined;
  const { progress: done, total } = progress;
  if (total === undefined || !Number.isFinite(total) || total <= 0) {
    return Number.isInteger(done) ? String(done) : undefined;
  }
  if (Number.isInteger(done) && Number.isInteger(total) && total <= 20) return `${Math.min(done, total)}/${total}`;
  return `${Math.round(progressFraction(progress)! * 100)} %`;
}

/** Fraction done in [0, 1], when the server reports a total. */
export function progressFraction(progress: TaskProgress | undefined): number | undefined {
  if (!progress || progress.total === undefined || !(progress.total > 0) || !Number.isFinite(progress.progress)) return undefined;
  return Math.min(1, Math.max(0, progress.progress / progress.total));
}

export const STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  working: 'Running',
  input_required: 'Needs input',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  connection_lost: 'Connection lost',
};

/**
 * The item's description. While a task runs, the server's message leads (with the share done, when
 * known and the message does not say it already), so a default-width sidebar shows what the task
 * is doing; the elapsed time is in the
 * tooltip then, and shown here only when the server has said nothing yet. After the task: the
 * outcome and how long it took.
 */
export function describeTask(record: TaskRecord, now: number, hasQuestion: boolean): string {
  const parts: string[] = [];
  if (record.kind === 'hosted') parts.push('requested by the server');
  if (record.origin === 'chat') parts.push('from chat');
  if (isTerminalStatus(record.status)) {
    const took = formatDuration((record.finishedAt ?? record.updatedAt) - record.createdAt);
    parts.push(`${STATUS_LABELS[record.status]} · ${took}`);
    // A cancel's own message ("cancelled on request") repeats the status; other reasons are news.
    const why = record.status === 'completed' || record.error?.kind === 'cancelled' ? undefined : record.error?.message;
    if (why) parts.push(oneLine(why, 80));
    return parts.join(' · ');
  }
  const waiting = waitingWord(record, hasQuestion);
  if (waiting) parts.push(waiting);
  const message = lastMessage(record);
  if (message) {
    parts.push(oneLine(message, ROW_MESSAGE_MAX));
    const percent = formatPercent(record.progress);
    if (percent && !statesProgress(message, record.progress!)) parts.push(percent);
    return parts.join(' · ');
  }
  if (!waiting) parts.push(formatElapsed(now - record.createdAt));
  const progress = formatProgress(record.progress);
  if (progress) parts.push(progress);
  return parts.join(' · ');
}

/** About what a default-width sidebar shows of a description beside a tool's name. */
const ROW_MESSAGE_MAX = 48;

/** Whether the description shows the elapsed time, which must then be refreshed as it ticks. */
export function descriptionTicks(record: TaskRecord, hasQuestion: boolean): boolean {
  return !isTerminalStatus(record.status) && !lastMessage(record) && !waitingWord(record, hasQuestion);
}

/** What a running task waits for, which says more than its elapsed time. */
function waitingWord(record: TaskRecord, hasQuestion: boolean): string | undefined {
  if (hasQuestion || record.status === 'input_required') return 'needs input';
  if (record.status === 'connection_lost') return 'connection lost';
  return undefined;
}

/**
 * Whether a message already says how far the task is ("Step 3/8", "Waited 3 of 30 s", "40 %"):
 * then the row shows the message alone, since a sidebar cuts off what follows it.
 */
export function statesProgress(message: string, progress: TaskProgress): boolean {
  const { progress: done, total } = progress;
  if (total === undefined) return false;
  const said = [`${done}/${total}`, `${done} / ${total}`, `${done} of ${total}`];
  const percent = formatPercent(progress)?.replace(' ', '');
  return said.some((s) => message.includes(s)) || (percent !== undefined && message.replace(/\s+%/g, '%').includes(percent));
}

/** The server's latest word on the task: a progress message is newer than the status it came with. */
export function lastMessage(record: TaskRecord): string | undefined {
  return (record.progress?.message ?? record.statusMessage)?.trim() || undefined;
}

/** "13 %" when the server reports a total. */
export function formatPercent(progress: TaskProgress | undefined): string | undefined {
  const fraction = progressFraction(progress);
  return fraction === undefined ? undefined : `${Math.round(fraction * 100)} %`;
}

export interface StatusIcon {
  /** Codicon id, e.g. "sync~spin". */
  readonly id: string;
  /** Theme colour id, if any. */
  readonly color?: string;
}

export function statusIcon(record: TaskRecord, hasQuestion: boolean): StatusIcon {
  if (!isTerminalStatus(record.status) && (hasQuestion || record.status === 'input_required')) {
    return { id: 'bell-dot', color: 'list.warningForeground' };
  }
  switch (record.status) {
    case 'working': return { id: 'sync~spin', color: 'progressBar.background' };
    case 'connection_lost': return { id: 'debug-disconnect', color: 'list.warningForeground' };
    case 'completed': return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed': return { id: 'error', color: 'testing.iconFailed' };
    case 'cancelled': return { id: 'circle-slash', color: 'disabledForeground' };
    case 'expired': return { id: 'history', color: 'list.warningForeground' };
    default: return { id: 'circle-outline' };
  }
}

/**
 * Markdown for the item's tooltip, running or finished: what the server chose is escaped, so it
 * shows as written and nothing in it becomes a link or an icon.
 */
export function taskTooltip(record: TaskRecord, now: number, hasQuestion: boolean): string {
  const lines: string[] = [];
  const active = !isTerminalStatus(record.status);
  lines.push(`**${markdownText(record.tool || '(unknown tool)')}** on ${markdownText(record.serverLabel)} — ${STATUS_LABELS[record.status]}${hasQuestion && active ? ' (needs your input)' : ''}`);
  lines.push('');
  const row = (name: string, value: string) => lines.push(`${name}: ${value}  `);
  const message = lastMessage(record);
  if (active && message) row('Last message', markdownText(oneLine(message, 200)));
  const progress = formatProgress(record.progress);
  const percent = formatPercent(record.progress);
  if (progress) row('Progress', percent && percent !== progress ? `${progress} (${percent})` : progress);
  if (active) row('Running for', formatElapsed(now - record.createdAt));
  row('Task id', markdownCode(record.taskId));
  if (record.kind === 'call') row('Kind', 'plain call (not a task)');
  if (record.kind === 'hosted') row('Kind', 'requested by the server');
  if (record.origin === 'chat') row('Started by', 'an agent in chat');
  if (record.dialect !== undefined) row('Protocol', `MCP ${record.dialect}${record.dialect === '2026-07-28' ? ' (tasks extension)' : ''}`);
  row('Started', isoTime(record.createdAt) + (active ? '' : ` (${formatElapsed(now - record.createdAt)} ago)`));
  row('Updated', isoTime(record.updatedAt));
  if (record.finishedAt !== undefined) row('Finished', isoTime(record.finishedAt));
  if (record.ttl === null) row('TTL', 'unlimited');
  else if (record.ttl !== undefined) row('TTL', `${formatElapsed(record.ttl)} (expires ${isoTime(record.createdAt + record.ttl)})`);
  else if (record.requestedTtl !== undefined) row('TTL', `${formatElapsed(record.requestedTtl)} requested`);
  if (!active && message) row('Last message', markdownText(oneLine(message, 200)));
  if (record.error) row('Error', `${record.error.kind} — ${markdownText(oneLine(record.error.message, 300))}`);
  if (record.args && Object.keys(record.args).length > 0) {
    lines.push('', 'Arguments:', markdownFence(truncate(JSON.stringify(record.args, null, 2), 600), 'json'));
  }
  return lines.join('\n');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function oneLine(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
