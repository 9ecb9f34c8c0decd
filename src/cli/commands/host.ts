/** `mcp-tasks host status | stop`: the background task host that keeps tasks for this user. */
import { expectPositionals, parseArgs } from '../args';
import type { CliContext } from '../context';
import { EXIT_OK, UsageError } from '../errors';
import { connectHost } from '../hostConnection';
import { writeJson, writeStdout } from '../resultOutput';

export const HOST_HELP = `usage: mcp-tasks host status [--json]
       mcp-tasks host stop

status   the host's process, uptime, attached clients, servers and live tasks
stop     stops the host now: tasks on HTTP servers resume when it starts again (their sessions
         stay open); stdio servers end with it, and their tasks with them

The host starts on demand and exits after a quiet period with no client and no live task.
MCP_TASKS_HOME chooses another home (ledger, log, socket) than the one for this user.`;

export async function runHost(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseArgs(argv, [{ name: 'json', kind: 'boolean' }], 'host');
  if (parsed.booleans.has('help')) {
    await writeStdout(HOST_HELP);
    return EXIT_OK;
  }
  expectPositionals(parsed, 1, 'host');
  const action = parsed.positionals[0];
  if (action !== 'status' && action !== 'stop') throw new UsageError(action ? `unknown host action "${action}"; use status or stop` : 'host needs an action: status or stop');
  const client = await connectHost(ctx, `host ${action}`, undefined, false);
  if (!client) {
    await writeStdout(parsed.booleans.has('json') ? JSON.stringify({ running: false }) : 'no task host is running');
    return EXIT_OK;
  }
  try {
    const status = await client.status();
    if (action === 'stop') {
      await client.stop();
      await writeStdout(`stopped the task host (pid ${status.pid})${status.liveTasks ? `; ${status.liveTasks} live task(s) resume when it starts again` : ''}`);
      return EXIT_OK;
    }
    if (parsed.booleans.has('json')) {
      await writeJson({ running: true, ...status });
      return EXIT_OK;
    }
    const others = status.clients.filter((c) => c.id !== client.welcome.clientId);
    await writeStdout([
      `pid:        ${status.pid}`,
      `version:    ${status.hostVersion} (channel ${status.protocolVersion})`,
      `home:       ${status.home}`,
      `uptime:     ${Math.round(status.uptimeMs / 1000)} s`,
      `clients:    ${others.length ? others.map((c) => `${c.label} (pid ${c.pid})`).join(', ') : 'none besides this one'}`,
      `servers:    ${status.servers.length ? status.servers.map((s) => `${s.label} (${s.state})`).join(', ') : 'none'}`,
      `live tasks: ${status.liveTasks}${status.retiring ? ' (retiring: exits once none is live)' : ''}`,
    ].join('\n'));
    return EXIT_OK;
  } finally {
    client.dispose();
  }
}
