/** mcpTasks_listTools: the configured servers' tools (servers not yet running are started, bounded in time). */
import type { McpServerHandle } from '../../core/servers/types';
import { guarded, type AgentDeps, type CallContext } from './agentDeps';
import { errorReply, textReply, type AgentReply } from './agentReply';
import type { ListToolsInput } from './agentToolNames';
import { startServerWithin } from './serverStart';
import { findServer, findTool } from './serverTargets';
import { describeCatalog, type CatalogEntry } from './toolCatalog';

/** Listing is a read: a server that takes longer to start is reported as such, not waited for. */
export const LIST_START_TIMEOUT_MS = 15_000;

export function listTools(deps: AgentDeps, input: ListToolsInput, context: CallContext = {}, startTimeoutMs = LIST_START_TIMEOUT_MS): Promise<AgentReply> {
  return guarded('Listing the tools', async () => {
    let servers: readonly McpServerHandle[] = deps.servers.all();
    if (input.server !== undefined) {
      const found = findServer(deps.servers, input.server);
      if (!found.ok) return errorReply(found.message);
      servers = [found.value];
    }
    if (servers.length === 0) {
      return errorReply('No MCP servers are configured. Ask the user to add one to .vscode/mcp.json or to the MCP Tasks user configuration.');
    }
    const entries: CatalogEntry[] = await Promise.all(servers.map(async (server) => {
      const started = await startServerWithin(server, startTimeoutMs, context.signal);
      return started.ok ? { server } : { server, problem: started.message };
    }));
    if (input.tool !== undefined) {
      if (servers.length !== 1) return errorReply('"tool" needs "server" too: say which server\'s tool to show.');
      if (entries[0].problem) return errorReply(entries[0].problem);
      const tool = findTool(servers[0], input.tool);
      if (!tool.ok) return errorReply(tool.message);
      return textReply(describeCatalog(entries, tool.value.name));
    }
    return textReply(describeCatalog(entries));
  });
}
