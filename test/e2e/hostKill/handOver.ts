import * as path from 'node:path';

/** Where the first window leaves what the second one checks. */
export const handOverFile = (): string => path.join(process.env.MCP_TASKS_SCRATCH!, 'host-kill-task.json');
