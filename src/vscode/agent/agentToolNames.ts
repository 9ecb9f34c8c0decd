/**
 * The language model tools' names and inputs. The names are what a model calls and what
 * package.json contributes (contributes.languageModelTools); the replies name them too, so a
 * model is told exactly which tool to call next.
 */

export const AGENT_TOOLS = {
  list: 'mcpTasks_listTools',
  start: 'mcpTasks_startTask',
  check: 'mcpTasks_checkTasks',
  wait: 'mcpTasks_waitForTask',
  cancel: 'mcpTasks_cancelTask',
} as const;

export type AgentToolName = (typeof AGENT_TOOLS)[keyof typeof AGENT_TOOLS];

export interface ListToolsInput {
  /** A server's name (or id); every configured server when absent. */
  server?: string;
  /** One tool's name: its whole input schema, never shortened. */
  tool?: string;
}

export interface StartTaskInput {
  server: string;
  tool: string;
  arguments?: Record<string, unknown>;
  /** How long to wait for a quick result before returning the handle (0–10 s). */
  waitSeconds?: number;
}

export interface CheckTasksInput {
  /** Handles from mcpTasks_startTask; the tasks started from chat when absent. */
  handles?: string[];
}

export interface WaitForTaskInput {
  handle: string;
  /** 1–120 s. */
  timeoutSeconds?: number;
}

export interface CancelTaskInput {
  handle: string;
}

/** Bounds of the waits a model may ask for: a tool call must never hold the chat for long. */
export const WAIT_LIMITS = {
  startDefaultSeconds: 0.25,
  startMaxSeconds: 10,
  waitDefaultSeconds: 30,
  waitMaxSeconds: 120,
  /** How long starting a stopped server may take before the reply says it is still starting. */
  connectSeconds: 60,
} as const;

/** A number of seconds from a model, within [min, max]; the default for anything else. */
export function clampSeconds(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}
