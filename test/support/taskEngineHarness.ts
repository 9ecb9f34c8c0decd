/**
 * Builds a real task engine on a real server connection for integration tests, with a memory
 * store, a recording logger and a host that answers elicitations programmatically.
 */
import type { ElicitRequest, ElicitResult, CreateMessageRequest, CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import { Emitter } from '../../src/core/events';
import type { ServerDefinition } from '../../src/core/config/types';
import { MemoryTaskRecordStore } from '../../src/core/ledger/memoryStore';
import type { HostRequestHandler, ServerRequestContext } from '../../src/core/ports';
import { ServerConnection } from '../../src/core/servers/serverConnection';
import type { McpServerHandle, ServerLookup } from '../../src/core/servers/types';
import type { TaskEngineSettings } from '../../src/core/tasks/engineSettings';
import { TaskEngine } from '../../src/core/tasks/taskEngine';
import type { TaskRecord } from '../../src/core/model/taskRecord';
import { RecordingLogger } from './recordingLogger';

export class StaticServerLookup implements ServerLookup {
  private readonly changed = new Emitter<void>();
  readonly onDidChangeServers = this.changed.event;

  constructor(private readonly handles: McpServerHandle[]) {}

  get(serverId: string): McpServerHandle | undefined {
    return this.handles.find((h) => h.id === serverId);
  }

  all(): readonly McpServerHandle[] {
    return this.handles;
  }
}

/** Answers elicitations with a scripted reply and remembers what was asked. */
export class ScriptedHostRequests implements HostRequestHandler {
  readonly elicitations: { params: ElicitRequest['params']; context: ServerRequestContext }[] = [];

  constructor(private readonly reply: (params: ElicitRequest['params']) => ElicitResult = () => ({ action: 'decline' })) {}

  async elicit(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult> {
    this.elicitations.push({ params, context });
    return this.reply(params);
  }

  async createMessage(_params: CreateMessageRequest['params'], _context: ServerRequestContext): Promise<CreateMessageResult> {
    throw new Error('sampling is not offered by this host');
  }
}

export interface Harness {
  readonly connection: ServerConnection;
  readonly engine: TaskEngine;
  readonly store: MemoryTaskRecordStore;
  readonly logger: RecordingLogger;
  readonly host: ScriptedHostRequests;
  /** Every record the engine announced, in order. */
  readonly events: TaskRecord[];
  dispose(): Promise<void>;
}

export function createHarness(options: {
  id?: string;
  definition: ServerDefinition;
  host?: ScriptedHostRequests;
  settings?: Partial<TaskEngineSettings>;
  store?: MemoryTaskRecordStore;
  restart?: { maxAttempts: number };
}): Harness {
  const logger = new RecordingLogger();
  const host = options.host ?? new ScriptedHostRequests();
  const connection = new ServerConnection({
    id: options.id ?? 'srv',
    label: options.id ?? 'srv',
    definition: options.definition,
    capabilities: { elicitation: { form: {} } },
    hostRequests: host,
    logger,
    restart: { maxAttempts: options.restart?.maxAttempts ?? 0 },
  });
  const store = options.store ?? new MemoryTaskRecordStore();
  const engine = new TaskEngine({ servers: new StaticServerLookup([connection]), store, logger, settings: options.settings });
  const events: TaskRecord[] = [];
  engine.onDidChangeTask((record) => events.push(record));
  return {
    connection, engine, store, logger, host, events,
    async dispose() {
      engine.dispose();
      await connection.stop();
      connection.dispose();
    },
  };
}

/** The text of a stored inline result (tests keep results in memory). */
export function resultText(record: TaskRecord | undefined): string {
  const stored = record?.result;
  if (!stored || stored.kind !== 'inline') return '';
  const content = (stored.value as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}

/** One line per scenario for the benchmark notes. */
export function logRequestCounts(scenario: string, engine: TaskEngine, record: TaskRecord): void {
  const counts = engine.requestCountsOf(record.key);
  const total = counts ? counts.create + counts.call + counts.get + counts.result + counts.cancel : 0;
  console.log(`      [requests] ${scenario}: total=${total} ${JSON.stringify(counts)} status=${record.status}`);
}
