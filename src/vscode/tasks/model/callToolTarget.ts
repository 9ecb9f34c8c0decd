/**
 * What "Call Tool…" was invoked on: the palette (nothing), a row of the Servers view (a server or
 * one of its tools), a row of the Tasks view (a server, a state group, or a task: that task's
 * server), or a command link with ids. Anything else means "ask for everything".
 */

export interface CallToolTarget {
  readonly serverId?: string;
  readonly tool?: string;
}

/** `serverOfTask`: the server a task key belongs to, if the task is known. */
export function callToolTarget(first: unknown, second: unknown, serverOfTask: (key: string) => string | undefined): CallToolTarget {
  if (typeof first === 'string') return { serverId: first, ...(typeof second === 'string' ? { tool: second } : {}) };
  if (!first || typeof first !== 'object') return {};
  const node = first as { kind?: unknown; serverId?: unknown; key?: unknown; server?: { id?: unknown }; tool?: { name?: unknown } };
  switch (node.kind) {
    case 'tool':
      return typeof node.serverId === 'string' && typeof node.tool?.name === 'string' ? { serverId: node.serverId, tool: node.tool.name } : {};
    case 'server':
      if (typeof node.server?.id === 'string') return { serverId: node.server.id };
      return typeof node.serverId === 'string' ? { serverId: node.serverId } : {};
    case 'state':
      return typeof node.serverId === 'string' ? { serverId: node.serverId } : {};
    case 'task': {
      const serverId = typeof node.key === 'string' ? serverOfTask(node.key) : undefined;
      return serverId ? { serverId } : {};
    }
    default:
      return {};
  }
}
