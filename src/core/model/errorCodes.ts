/**
 * The JSON-RPC and MCP error codes this host reads or sends, by the numbers the protocol gives
 * them. Kept here rather than read from the SDK so that code which only classifies or words
 * errors (the window's views) does not load the SDK's schemas; a unit test holds them to the SDK.
 */
export const ErrorCodes = {
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  ConnectionClosed: -32000,
  RequestTimeout: -32001,
} as const;

/**
 * A refusal of a request a server sent (sampling, elicitation), with its code: the SDK and the
 * task host's channel both pass `code` and `message` on to the server as they are.
 */
export class RequestRefusal extends Error {
  override readonly name = 'RequestRefusal';
  constructor(readonly code: number, message: string) {
    super(message);
  }
}
