/**
 * server-everything over each transport the host speaks: a suite runs once per variant, asks it
 * for a definition in before() and stops it in after() (the HTTP variant owns a child process).
 */
import type { ServerDefinition } from '../../src/core/config/types';
import { everythingEntry, startHttpServerProcess, type HttpServerProcess } from './httpServerProcess';

export interface EverythingVariant {
  readonly name: string;
  definition(): Promise<ServerDefinition>;
  /** Stops what definition() started (nothing for stdio: the connection owns that process). */
  stop(): Promise<void>;
}

export function everythingVariants(): EverythingVariant[] {
  let http: HttpServerProcess | undefined;
  return [
    {
      name: 'stdio',
      definition: async () => ({ type: 'stdio', command: process.execPath, args: [everythingEntry, 'stdio'], env: {} }),
      stop: async () => undefined,
    },
    {
      name: 'Streamable HTTP',
      definition: async () => {
        http = await startHttpServerProcess([everythingEntry, 'streamableHttp']);
        return { type: 'http', url: `http://127.0.0.1:${http.port}/mcp`, headers: {} };
      },
      stop: async () => {
        await http?.stop();
        http = undefined;
      },
    },
  ];
}
