/**
 * Names, codes and reply shapes of MCP 2026-07-28 and its tasks extension
 * (`io.modelcontextprotocol/tasks`), as zod schemas. Only what the requestor side reads.
 */
import * as z from 'zod';

export const MODERN_PROTOCOL_VERSION = '2026-07-28';
export const TASKS_EXTENSION_ID = 'io.modelcontextprotocol/tasks';

export const MetaKeys = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/** Errors only a modern server answers with: they tell a modern server from a legacy one. */
export const ModernErrorCodes = {
  HeaderMismatch: -32020,
  MissingClientCapability: -32021,
  /** The same meaning under the number the extension's draft used. */
  MissingClientCapabilityDraft: -32003,
  UnsupportedProtocolVersion: -32022,
} as const;

export function isModernErrorCode(code: unknown): boolean {
  return typeof code === 'number' && (Object.values(ModernErrorCodes) as number[]).includes(code);
}

export function isMissingCapabilityCode(code: unknown): boolean {
  return code === ModernErrorCodes.MissingClientCapability || code === ModernErrorCodes.MissingClientCapabilityDraft;
}

export const DiscoverResultSchema = z.looseObject({
  supportedVersions: z.array(z.string()).min(1),
  capabilities: z.looseObject({ extensions: z.record(z.string(), z.unknown()).optional() }),
  instructions: z.string().optional(),
  _meta: z.looseObject({ [MetaKeys.serverInfo]: z.looseObject({ name: z.string(), version: z.string() }).optional() }).optional(),
});
export type DiscoverResult = z.infer<typeof DiscoverResultSchema>;

/** `data` of an UnsupportedProtocolVersionError. */
export const UnsupportedVersionDataSchema = z.looseObject({ supported: z.array(z.string()), requested: z.unknown().optional() });

const TaskFields = {
  taskId: z.string().min(1),
  statusMessage: z.string().optional(),
  // Required by the extension, but a task is understood without them: absent, they are not guessed.
  createdAt: z.string().optional(),
  lastUpdatedAt: z.string().optional(),
  /** null: the server keeps the task without limit. */
  ttlMs: z.number().int().nonnegative().nullable().optional(),
  pollIntervalMs: z.number().int().positive().optional(),
};

/** One server-to-client request the task waits on (MRTR `InputRequests` entry). */
export const InputRequestSchema = z.looseObject({ method: z.string().min(1), params: z.looseObject({}).optional() });
export type InputRequest = z.infer<typeof InputRequestSchema>;

/** An MRTR interim result: the request is repeated with `inputResponses` (and `requestState` as given). */
export const InputRequiredSchema = z.looseObject({
  resultType: z.literal('input_required'),
  inputRequests: z.record(z.string(), InputRequestSchema).refine((requests) => Object.keys(requests).length > 0, 'no input requests'),
  requestState: z.unknown().optional(),
});

export const JsonRpcErrorSchema = z.looseObject({ code: z.number().int(), message: z.string(), data: z.unknown().optional() });
export type JsonRpcErrorShape = z.infer<typeof JsonRpcErrorSchema>;

/** A task as `tasks/get` and `notifications/tasks` carry it: status-specific fields inline. */
export const DetailedTaskSchema = z.discriminatedUnion('status', [
  z.looseObject({ ...TaskFields, status: z.literal('working') }),
  z.looseObject({ ...TaskFields, status: z.literal('input_required'), inputRequests: z.record(z.string(), InputRequestSchema) }),
  z.looseObject({ ...TaskFields, status: z.literal('completed'), result: z.looseObject({}) }),
  z.looseObject({ ...TaskFields, status: z.literal('failed'), error: JsonRpcErrorSchema }),
  z.looseObject({ ...TaskFields, status: z.literal('cancelled') }),
]);
export type DetailedTaskWire = z.infer<typeof DetailedTaskSchema>;

/** `tasks/get`, `tasks/update` and `tasks/cancel` are standard results: `resultType` is "complete" when present. */
export const CompleteMarkerSchema = z.looseObject({ resultType: z.literal('complete').optional() });

/** What a response's `resultType` says it is; absent means a complete result. */
export function resultTypeOf(raw: unknown): unknown {
  return typeof raw === 'object' && raw !== null && 'resultType' in raw ? (raw as { resultType: unknown }).resultType : 'complete';
}
