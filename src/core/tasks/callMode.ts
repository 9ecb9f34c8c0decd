/**
 * Whether a tool call goes out as a task or as a plain call. A server that does not declare
 * `tasks.requests.tools.call` never gets `task`; a tool's `execution.taskSupport` decides the rest.
 */
import type { ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';

export type CallModeOption = 'auto' | 'task' | 'plain';

export interface CallModeDecision {
  mode: 'task' | 'plain';
  /** Why, in words a log line can use. */
  reason: string;
}

export function serverSupportsToolTasks(capabilities: ServerCapabilities | undefined): boolean {
  return capabilities?.tasks?.requests?.tools?.call !== undefined;
}

export type ToolTaskSupport = 'required' | 'optional' | 'forbidden';

/** How a tool can run on this server: the server must take tools/call as a task for the tool's own word to count. */
export function toolTaskSupport(capabilities: ServerCapabilities | undefined, tool: Tool): ToolTaskSupport {
  if (!serverSupportsToolTasks(capabilities)) return 'forbidden';
  const support = tool.execution?.taskSupport;
  return support === 'required' || support === 'optional' ? support : 'forbidden';
}

/**
 * Whether a plain call the server refused may be sent again as a task: only when the server
 * takes tools/call as a task and the tool is not listed as forbidding one. Otherwise the refusal
 * cannot have meant "use a task", and the tool may well have run already.
 */
export function mayRetryAsTask(capabilities: ServerCapabilities | undefined, tool: Tool | undefined): boolean {
  if (!serverSupportsToolTasks(capabilities)) return false;
  return tool === undefined || (tool.execution?.taskSupport ?? 'forbidden') !== 'forbidden';
}

export function resolveCallMode(input: {
  capabilities: ServerCapabilities | undefined;
  tool: Tool | undefined;
  requested?: CallModeOption;
  optionalDefault: 'task' | 'plain';
}): CallModeDecision {
  if (!serverSupportsToolTasks(input.capabilities)) {
    return { mode: 'plain', reason: 'the server does not declare tasks for tools/call' };
  }
  if (!input.tool) return { mode: 'plain', reason: 'the tool is not in the server\'s tool list' };
  const support = input.tool.execution?.taskSupport ?? 'forbidden';
  switch (support) {
    case 'required':
      return { mode: 'task', reason: 'the tool requires a task' };
    case 'optional': {
      const requested = input.requested ?? 'auto';
      const mode = requested === 'auto' ? input.optionalDefault : requested;
      return { mode, reason: requested === 'auto' ? `the tool supports tasks; default is ${mode}` : `asked for ${mode}` };
    }
    default:
      return { mode: 'plain', reason: 'the tool does not support tasks' };
  }
}
