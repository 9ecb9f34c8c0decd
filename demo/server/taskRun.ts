import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CreateTaskRequestHandlerExtra } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import type { CreateTaskResult } from '@modelcontextprotocol/sdk/experimental/tasks/index.js';
import { RELATED_TASK_META_KEY, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { DemoTaskStore } from './demoTaskStore';

const PROGRESS_TO_RESULT_GAP_MS = 25;

/** Thrown inside task work when the task was cancelled; the runner swallows it. */
export class TaskCancelled extends Error {
  constructor() {
    super('Task cancelled');
  }
}

/** What a tool's background work can do with its task. */
export interface TaskWork {
  readonly taskId: string;
  /** Aborted when the task is cancelled (tasks/cancel, or the plain call that runs it was cancelled). */
  readonly signal: AbortSignal;
  /** Updates status and statusMessage; the SDK sends notifications/tasks/status for it. */
  setStatus(status: 'working' | 'input_required', message: string): Promise<void>;
  /** notifications/progress on the original request's progressToken (no-op without one). */
  progress(progress: number, total: number | undefined, message: string): Promise<void>;
  /** Waits `ms`, or throws TaskCancelled as soon as the task is cancelled. */
  sleep(ms: number): Promise<void>;
}

export interface TaskRunDeps {
  server: McpServer;
  store: DemoTaskStore;
}

/**
 * Creates the task for a tool call, answers with it at once and runs `work` in the background.
 * The work's CallToolResult becomes the task result: `completed`, or `failed` when it has
 * `isError` (its first text then also becomes the final status message). A thrown error fails
 * the task with a readable message; cancellation just stops the work, the task stays cancelled.
 */
export async function startTask(
  deps: TaskRunDeps,
  extra: CreateTaskRequestHandlerExtra,
  tool: string,
  initialMessage: string,
  work: (task: TaskWork) => Promise<CallToolResult>,
): Promise<CreateTaskResult> {
  const requestStore = extra.taskStore;
  const created = await requestStore.createTask({ ttl: extra.taskRequestedTtl });
  const taskId = created.taskId;
  // Straight to the shared store: a status notification must not overtake the CreateTaskResult.
  await deps.store.updateTaskStatus(taskId, 'working', initialMessage);

  log(deps, 'info', `${tool} task ${taskId} started`);

  const abort = new AbortController();
  const stopListening = deps.store.onCancelled(taskId, () => {
    abort.abort();
    log(deps, 'info', `${tool} task ${taskId} cancelled`);
  });
  // A plain (non-task) call of an optional tool is cancelled with notifications/cancelled.
  const onRequestAborted = (): void => {
    void requestStore.updateTaskStatus(taskId, 'cancelled', 'The call was cancelled.').catch(() => undefined);
    abort.abort();
  };
  extra.signal.addEventListener('abort', onRequestAborted, { once: true });

  const progressToken = extra._meta?.progressToken;
  let lastProgressAt = 0;
  const relatedMeta = deps.store.wasRequestedAsTask(taskId) ? { [RELATED_TASK_META_KEY]: { taskId } } : undefined;
  const handle: TaskWork = {
    taskId,
    signal: abort.signal,
    async setStatus(status, message) {
      if (abort.signal.aborted) throw new TaskCancelled();
      await requestStore.updateTaskStatus(taskId, status, message);
    },
    async progress(progress, total, message) {
      if (progressToken === undefined || abort.signal.aborted) return;
      // Sent without relatedRequestId: over HTTP the creating request's stream is closed by now,
      // so progress goes on the session's standalone stream.
      lastProgressAt = Date.now();
      await deps.server.server.notification({
        method: 'notifications/progress',
        params: { progressToken, progress, ...(total !== undefined ? { total } : {}), message, ...(relatedMeta ? { _meta: relatedMeta } : {}) },
      });
    },
    sleep: (ms) => abortableDelay(ms, abort.signal),
  };

  const finish = async (): Promise<void> => {
    let result: CallToolResult;
    try {
      result = await work(handle);
    } catch (err) {
      if (abort.signal.aborted || err instanceof TaskCancelled) return;
      result = errorResult(`The tool stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
    }
    // SDK clients handle notifications a microtask after responses, so a progress notification
    // read in the same chunk as a plain call's response is dropped; keep the two apart.
    const sinceProgress = Date.now() - lastProgressAt;
    if (sinceProgress < PROGRESS_TO_RESULT_GAP_MS) {
      await abortableDelay(PROGRESS_TO_RESULT_GAP_MS - sinceProgress, abort.signal).catch(() => undefined);
    }
    if (abort.signal.aborted) return;
    const failed = result.isError === true;
    if (failed) deps.store.setFinalMessage(taskId, firstText(result) ?? 'Failed');
    await requestStore.storeTaskResult(taskId, failed ? 'failed' : 'completed', result);
    log(deps, failed ? 'warning' : 'info', `${tool} task ${taskId} ${failed ? 'failed' : 'completed'}`);
  };
  void finish()
    .catch((err) => {
      // Typically the session closed or the task was cancelled in the last moment.
      if (!abort.signal.aborted) process.stderr.write(`[demo-server] task ${taskId}: ${String(err)}\n`);
    })
    .finally(() => {
      stopListening();
      extra.signal.removeEventListener('abort', onRequestAborted);
    });

  return { task: (await requestStore.getTask(taskId)) ?? created };
}

/** A notifications/message for the host's log; the SDK drops it below the host's chosen level. */
function log(deps: TaskRunDeps, level: 'info' | 'warning', data: string): void {
  deps.server.sendLoggingMessage({ level, logger: 'demo-server', data }).catch(() => undefined);
}

export function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

export function textResult(text: string, structuredContent?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], ...(structuredContent ? { structuredContent } : {}) };
}

function firstText(result: CallToolResult): string | undefined {
  const block = result.content.find((c) => c.type === 'text');
  return block && block.type === 'text' ? block.text : undefined;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TaskCancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new TaskCancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
