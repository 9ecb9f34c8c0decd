/**
 * A server's tool list once it stopped changing, or as soon as a wanted tool is in it: servers
 * such as server-everything announce more tools with list_changed just after initialize.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerHandle } from './types';

const TOOLS_QUIET_MS = 300;
const TOOLS_MAX_WAIT_MS = 3_000;

export function settledTools(server: McpServerHandle, want?: string): Promise<readonly Tool[]> {
  return new Promise((resolve) => {
    const has = () => want !== undefined && server.tools?.some((t) => t.name === want);
    if (has()) return resolve(server.tools ?? []);
    let quiet: NodeJS.Timeout;
    const done = () => {
      clearTimeout(quiet);
      clearTimeout(max);
      sub.dispose();
      resolve(server.tools ?? []);
    };
    const max = setTimeout(done, TOOLS_MAX_WAIT_MS);
    quiet = setTimeout(done, TOOLS_QUIET_MS);
    const sub = server.onDidChangeTools(() => {
      if (has()) return done();
      clearTimeout(quiet);
      quiet = setTimeout(done, TOOLS_QUIET_MS);
    });
  });
}
