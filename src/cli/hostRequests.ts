/**
 * Answers what a server asks of the host (elicitation, sampling) from --answer and
 * --sampling-reply, or on a terminal by asking the person; otherwise it declines elicitation,
 * refuses sampling, and says on stderr how to answer next time.
 */
import {
  ErrorCode,
  McpError,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { HostRequestHandler, ServerRequestContext } from '../core/ports';
import { parseAnswerFlag, parseSamplingReply, type ElicitAnswer } from './answerFlags';
import type { FlagSpec, ParsedArgs } from './args';
import { defaultContent } from '../core/hosted/elicitationDefaults';
import { askElicitation, askSamplingReply } from './interactivePrompts';
import type { Terminal } from './terminal';

export interface CliHostRequestOptions {
  readonly answer?: ElicitAnswer;
  readonly samplingReply?: string;
  readonly terminal: Terminal;
}

/** The flags that say how to answer a server's questions, for every command that talks to one. */
export const ANSWER_FLAGS: readonly FlagSpec[] = [
  { name: 'answer', kind: 'string' },
  { name: 'sampling-reply', kind: 'string' },
];

export class CliHostRequests implements HostRequestHandler {
  constructor(private readonly options: CliHostRequestOptions) {}

  /** Answers as ANSWER_FLAGS say, on this terminal. */
  static fromFlags(parsed: ParsedArgs, terminal: Terminal): CliHostRequests {
    const answer = parsed.strings.get('answer');
    const reply = parsed.strings.get('sampling-reply');
    return new CliHostRequests({
      terminal,
      ...(answer !== undefined ? { answer: parseAnswerFlag(answer) } : {}),
      ...(reply !== undefined ? { samplingReply: parseSamplingReply(reply) } : {}),
    });
  }

  async elicit(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult> {
    const { answer, terminal } = this.options;
    const from = context.relatedTaskId ? ` (task ${context.relatedTaskId})` : '';
    terminal.line(`elicitation from ${context.serverLabel}${from}: ${oneLineText(params.message)}`);
    if ('mode' in params && params.mode === 'url') terminal.line(`  it asks you to open: ${(params as { url?: string }).url ?? '(no URL)'}`);
    if (answer) return this.answerFromFlag(answer, params);
    if (terminal.interactive) {
      const result = await askElicitation(terminal, params);
      terminal.line(`  ${describe(result)}`);
      return result;
    }
    terminal.line('  declined: no terminal to ask on; pass --answer accept-defaults|decline|cancel|@answers.json to answer');
    return { action: 'decline' };
  }

  async createMessage(params: CreateMessageRequest['params'], context: ServerRequestContext): Promise<CreateMessageResult> {
    const { samplingReply, terminal } = this.options;
    const from = context.relatedTaskId ? ` (task ${context.relatedTaskId})` : '';
    terminal.line(`sampling request from ${context.serverLabel}${from}: ${oneLineText(lastUserText(params))}`);
    let text = samplingReply;
    if (text === undefined && terminal.interactive) text = await askSamplingReply(terminal, params);
    if (text === undefined) {
      const why = terminal.interactive ? 'no reply was given' : 'no terminal to ask on; pass --sampling-reply TEXT|@file to answer';
      terminal.line(`  refused: ${why}`);
      throw new McpError(ErrorCode.InvalidRequest, `The host refused the sampling request: ${why}`);
    }
    terminal.line(`  replied with ${text.length} characters`);
    return { role: 'assistant', content: { type: 'text', text }, model: 'mcp-tasks-cli', stopReason: 'endTurn' };
  }

  private answerFromFlag(answer: ElicitAnswer, params: ElicitRequest['params']): ElicitResult {
    let result: ElicitResult;
    switch (answer.kind) {
      case 'accept-defaults': {
        const schema = 'requestedSchema' in params ? params.requestedSchema : undefined;
        if (!schema) {
          result = { action: 'accept' };
          break;
        }
        const missing = requiredTextWithoutDefault(schema);
        if (missing.length > 0) {
          // An empty string is no answer to a required question; the server hears "declined" instead.
          const fields = missing.map((name) => `"${name}"`).join(', ');
          this.options.terminal.line(`  declined: --answer accept-defaults has no value for required field${missing.length > 1 ? 's' : ''} ${fields} (no default); pass --answer @answers.json to fill ${missing.length > 1 ? 'them' : 'it'}`);
          return { action: 'decline' };
        }
        result = { action: 'accept', content: defaultContent(schema) };
        break;
      }
      case 'content':
        result = { action: 'accept', content: answer.content as ElicitResult['content'] };
        break;
      default:
        result = { action: answer.kind };
    }
    this.options.terminal.line(`  ${describe(result)}`);
    return result;
  }
}

/** Required fields the defaults would fill with "" (text fields with neither a default nor options). */
function requiredTextWithoutDefault(schema: unknown): string[] {
  const properties = ((schema as { properties?: unknown }).properties ?? {}) as Record<string, { default?: unknown }>;
  const filled = defaultContent(schema);
  return Object.keys(filled).filter((name) => filled[name] === '' && properties[name]?.default === undefined);
}

function describe(result: ElicitResult): string {
  if (result.action !== 'accept') return `answered: ${result.action}`;
  return result.content ? `answered: accept ${JSON.stringify(result.content)}` : 'answered: accept';
}

function lastUserText(params: CreateMessageRequest['params']): string {
  for (let i = params.messages.length - 1; i >= 0; i--) {
    const content = params.messages[i].content;
    const items = Array.isArray(content) ? content : [content];
    const text = items.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join(' ');
    if (text) return text;
  }
  return '(no text)';
}

function oneLineText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
