/**
 * What a language model tool answers, before it becomes a LanguageModelToolResult: text, and
 * images as bytes. Every outcome an agent can cause, a mistake included, is a reply (never a
 * thrown error), so the model reads what went wrong and can correct its call.
 */

export type ReplyPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly mimeType: string; readonly data: Uint8Array };

export interface AgentReply {
  readonly parts: readonly ReplyPart[];
  /** The call did nothing because of the input or the state it found (unknown server, bad arguments…). */
  readonly isError?: boolean;
}

export function textReply(...lines: string[]): AgentReply {
  return { parts: [{ kind: 'text', text: lines.join('\n') }] };
}

export function errorReply(...lines: string[]): AgentReply {
  return { parts: [{ kind: 'text', text: lines.join('\n') }], isError: true };
}

/** Either what was looked for, or the words that tell a model why it was not found. */
export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** All the text of a reply (tests, logs). */
export function replyText(reply: AgentReply): string {
  return reply.parts.map((p) => (p.kind === 'text' ? p.text : `[image ${p.mimeType}]`)).join('\n');
}
