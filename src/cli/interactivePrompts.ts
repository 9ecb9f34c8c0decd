/** Terminal questions for an elicitation form (one prompt per field) and for a sampling reply. */
import type { CreateMessageRequest, ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { enumOptions, type FieldValue } from '../core/hosted/elicitationDefaults';
import type { Terminal } from './terminal';

type Schema = Record<string, unknown>;

export async function askElicitation(terminal: Terminal, params: ElicitRequest['params']): Promise<ElicitResult> {
  const choice = (await terminal.ask('  accept, decline or cancel? [A/d/c] ')) ?? 'c';
  const action = choice.trim().toLowerCase();
  if (action.startsWith('d')) return { action: 'decline' };
  if (action.startsWith('c')) return { action: 'cancel' };
  const schema = 'requestedSchema' in params ? (params.requestedSchema as Schema | undefined) : undefined;
  if (!schema) return { action: 'accept' };
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const content: Record<string, FieldValue> = {};
  for (const [name, field] of Object.entries(properties)) {
    const value = await askField(terminal, name, field, required.has(name));
    if (value === null) return { action: 'cancel' };
    if (value !== undefined) content[name] = value;
  }
  return { action: 'accept', content: content as ElicitResult['content'] };
}

/** undefined = left empty (optional, no default); null = the person gave up (Ctrl+D). */
async function askField(terminal: Terminal, name: string, field: Schema, required: boolean): Promise<FieldValue | undefined | null> {
  const title = typeof field.title === 'string' ? field.title : name;
  const description = typeof field.description === 'string' ? ` — ${field.description}` : '';
  const options = enumOptions(field);
  terminal.line(`  ${title}${required ? ' (required)' : ''}${description}`);
  options.forEach((o, i) => terminal.line(`    ${i + 1}) ${o.label}`));
  const fallback = field.default as FieldValue | undefined;
  const hint = fallback !== undefined ? ` [${Array.isArray(fallback) ? fallback.join(',') : String(fallback)}]` : '';
  for (;;) {
    const raw = await terminal.ask(`  ${name}${hint}: `, { secret: field.format === 'password' });
    if (raw === undefined) return null;
    const text = raw.trim();
    if (text === '') {
      if (fallback !== undefined) return fallback;
      if (!required) return undefined;
      terminal.line('    a value is required');
      continue;
    }
    const parsed = parseField(text, field, options);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      terminal.line(`    ${parsed.error}`);
      continue;
    }
    return parsed;
  }
}

function parseField(text: string, field: Schema, options: { value: string }[]): FieldValue | { error: string } {
  const pick = (token: string) => {
    const n = Number(token);
    if (Number.isInteger(n) && n >= 1 && n <= options.length) return options[n - 1].value;
    return options.find((o) => o.value === token)?.value;
  };
  if (field.type === 'array') {
    const picked = text.split(',').map((t) => t.trim()).filter(Boolean).map(pick);
    if (picked.some((p) => p === undefined)) return { error: 'choose option numbers or values, separated by commas' };
    return picked as string[];
  }
  if (options.length > 0) return pick(text) ?? { error: `choose 1-${options.length}` };
  switch (field.type) {
    case 'boolean':
      if (/^(y|yes|true|1)$/i.test(text)) return true;
      if (/^(n|no|false|0)$/i.test(text)) return false;
      return { error: 'answer yes or no' };
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (!Number.isFinite(n) || (field.type === 'integer' && !Number.isInteger(n))) return { error: `enter ${field.type === 'integer' ? 'a whole number' : 'a number'}` };
      if (typeof field.minimum === 'number' && n < field.minimum) return { error: `at least ${field.minimum}` };
      if (typeof field.maximum === 'number' && n > field.maximum) return { error: `at most ${field.maximum}` };
      return n;
    }
    default:
      return text;
  }
}

export async function askSamplingReply(terminal: Terminal, params: CreateMessageRequest['params']): Promise<string | undefined> {
  if (params.systemPrompt) terminal.line(`  system: ${params.systemPrompt}`);
  for (const message of params.messages) {
    const items = Array.isArray(message.content) ? message.content : [message.content];
    for (const item of items) terminal.line(`  ${message.role}: ${item.type === 'text' ? item.text : `[${item.type}]`}`);
  }
  const reply = await terminal.ask('  reply (empty to refuse): ');
  return reply === undefined || reply.trim() === '' ? undefined : reply;
}
