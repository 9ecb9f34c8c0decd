/**
 * Reads an mcp.json (VS Code's format, JSONC) into server definitions and inputs. Every problem
 * names the file, the server, the field and a line:column; a broken server never hides the others.
 */
import { LineIndex, parseJsonc, type JsonNode, type JsonProperty } from './jsonc';
import { parseInputs } from './inputsParser';
import { ProblemSink } from './problemSink';
import type { ConfigSource, ParsedConfig, ParsedServer, RawServerDefinition } from './types';
import { findVariables, SUPPORTED_VARIABLES } from './variableSyntax';

const STDIO_FIELDS = new Set(['command', 'args', 'env', 'envFile', 'cwd']);
const REMOTE_FIELDS = new Set(['url', 'headers']);
/** Fields VS Code's own format has that this host does not use: accepted silently. */
const TOLERATED_FIELDS = new Set(['dev', 'gallery', 'version', 'description']);

export function parseMcpConfig(text: string, source: ConfigSource): ParsedConfig {
  const lines = new LineIndex(text);
  const sink = new ProblemSink(source.file, lines);
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    sink.errorAt(parsed.error.offset, `Invalid JSON: ${parsed.error.message}`);
    return { servers: [], inputs: [], problems: sink.problems };
  }
  const root = parsed.root;
  if (root.kind !== 'object') {
    sink.error(root, 'The configuration must be a JSON object with a "servers" object.');
    return { servers: [], inputs: [], problems: sink.problems };
  }

  const inputsProp = root.properties.find((p) => p.key === 'inputs');
  const inputs = inputsProp ? parseInputs(inputsProp.value, sink) : [];
  const declaredInputs = new Set(inputs.map((i) => i.id));

  const servers: ParsedServer[] = [];
  const firstLine = new Map<string, number>();
  for (const container of root.properties.filter((p) => p.key === 'servers' || p.key === 'mcpServers')) {
    if (container.value.kind !== 'object') {
      sink.error(container.value, `"${container.key}" must be an object that maps server names to definitions.`, { field: container.key });
      continue;
    }
    for (const prop of container.value.properties) {
      const line = lines.position(prop.keyOffset).line;
      const earlier = firstLine.get(prop.key);
      if (earlier !== undefined) {
        sink.errorAt(prop.keyOffset, `Server "${prop.key}" is defined more than once; this definition is ignored (first defined on line ${earlier}).`, { server: prop.key });
        continue;
      }
      firstLine.set(prop.key, line);
      const server = parseServer(prop, source, sink, lines, declaredInputs);
      if (server) servers.push(server);
    }
  }
  if (!root.properties.some((p) => p.key === 'servers' || p.key === 'mcpServers')) {
    sink.error(root, 'The configuration has no "servers" object.', { severity: 'warning' });
  }
  return { servers, inputs, problems: sink.problems };
}

function parseServer(prop: JsonProperty, source: ConfigSource, sink: ProblemSink, lines: LineIndex, inputs: Set<string>): ParsedServer | undefined {
  const name = prop.key;
  const node = prop.value;
  const at = { server: name };
  if (name.trim() === '') {
    sink.errorAt(prop.keyOffset, 'A server name must not be empty.');
    return undefined;
  }
  if (node.kind !== 'object') {
    sink.error(node, `Server "${name}" must be an object.`, at);
    return undefined;
  }
  const errorsBefore = sink.errorCount;
  const fields = new Map<string, JsonProperty>();
  for (const p of node.properties) if (!fields.has(p.key)) fields.set(p.key, p);
  const locations: Record<string, { line: number; column: number }> = { '': lines.position(prop.keyOffset) };
  for (const p of fields.values()) locations[p.key] = lines.position(p.value.offset);

  const type = serverType(prop, fields, sink);
  if (!type) return undefined;
  const def: RawServerDefinition = { type, args: [], env: {}, headers: {}, autoStart: false };
  readFields(fields, def, sink, at, locations, lines);
  checkEndpoint(prop, fields, def, sink);
  checkVariables(node, sink, name, inputs);
  if (sink.errorCount > errorsBefore) return undefined;
  return {
    name,
    source,
    definition: def,
    range: { startLine: lines.position(prop.keyOffset).line, endLine: lines.position(node.end - 1).line },
    locations,
  };
}

/** The server's transport: its "type", or else what its fields imply; undefined (reported) when neither says. */
function serverType(prop: JsonProperty, fields: ReadonlyMap<string, JsonProperty>, sink: ProblemSink): RawServerDefinition['type'] | undefined {
  const at = { server: prop.key };
  const typeNode = fields.get('type')?.value;
  if (typeNode) {
    if (typeNode.kind === 'string' && (typeNode.value === 'stdio' || typeNode.value === 'http' || typeNode.value === 'sse')) return typeNode.value;
    if (typeNode.kind === 'string') sink.error(typeNode, `Unknown server type "${typeNode.value}"; expected "stdio", "http" or "sse".`, { ...at, field: 'type' });
    else sink.error(typeNode, '"type" must be a string: "stdio", "http" or "sse".', { ...at, field: 'type' });
    return undefined;
  }
  if (fields.has('command')) return 'stdio';
  if (fields.has('url')) return 'http';
  sink.errorAt(prop.keyOffset, `Server "${prop.key}" needs either "command" (a local process) or "url" (a remote server).`, at);
  return undefined;
}

/** Every field but "type" into `def`, with its location; wrong types are errors, misplaced and unknown fields warnings. */
function readFields(
  fields: ReadonlyMap<string, JsonProperty>, def: RawServerDefinition, sink: ProblemSink, at: { server: string },
  locations: Record<string, { line: number; column: number }>, lines: LineIndex,
): void {
  const type = def.type;
  for (const [key, p] of fields) {
    const v = p.value;
    const where = { ...at, field: key };
    if (key === 'type') continue;
    if (type === 'stdio' ? REMOTE_FIELDS.has(key) : STDIO_FIELDS.has(key)) {
      sink.error(v, `"${key}" is ignored for a server of type "${type}".`, { ...where, severity: 'warning' });
      continue;
    }
    switch (key) {
      case 'command': case 'cwd': case 'envFile': case 'url':
        if (v.kind === 'string') def[key] = v.value;
        else sink.error(v, `"${key}" must be a string.`, where);
        break;
      case 'args':
        if (v.kind === 'array' && v.items.every((i) => i.kind === 'string')) {
          def.args = v.items.map((i) => (i as { value: string }).value);
          v.items.forEach((item, i) => { locations[`args[${i}]`] = lines.position(item.offset); });
        }
        else sink.error(v, '"args" must be an array of strings.', where);
        break;
      case 'env':
        readStringMap(v, sink, where, true, def.env, locations, lines);
        break;
      case 'headers':
        readStringMap(v, sink, where, false, def.headers, locations, lines);
        break;
      case 'autoStart':
        if (v.kind === 'boolean') def.autoStart = v.value;
        else sink.error(v, '"autoStart" must be true or false.', where);
        break;
      default:
        if (!TOLERATED_FIELDS.has(key)) sink.errorAt(p.keyOffset, `Unknown field "${key}" is ignored.`, { ...where, severity: 'warning' });
    }
  }
}

/** A stdio server needs a command, a remote one a URL of a form we can reach. */
function checkEndpoint(prop: JsonProperty, fields: ReadonlyMap<string, JsonProperty>, def: RawServerDefinition, sink: ProblemSink): void {
  const at = { server: prop.key };
  const type = def.type;
  if (type === 'stdio' && def.command === undefined && !fields.has('command')) {
    sink.errorAt(prop.keyOffset, '"command" is required for a server of type "stdio".', { ...at, field: 'command' });
  } else if (type === 'stdio' && def.command !== undefined && def.command.trim() === '') {
    sink.error(fields.get('command')!.value, '"command" must not be empty.', { ...at, field: 'command' });
  }
  if (type !== 'stdio' && def.url === undefined && !fields.has('url')) {
    sink.errorAt(prop.keyOffset, `"url" is required for a server of type "${type}".`, { ...at, field: 'url' });
  } else if (def.url !== undefined && findVariables(def.url).length === 0) {
    const problem = checkUrl(def.url);
    if (problem) sink.error(fields.get('url')!.value, problem, { ...at, field: 'url' });
  }
}

function readStringMap(
  node: JsonNode, sink: ProblemSink, where: { server: string; field: string }, allowNull: boolean,
  out: Record<string, string | null>, locations: Record<string, { line: number; column: number }>, lines: LineIndex,
): void {
  const what = allowNull ? 'strings, numbers or null' : 'strings';
  if (node.kind !== 'object') {
    sink.error(node, `"${where.field}" must be an object whose values are ${what}.`, where);
    return;
  }
  for (const p of node.properties) {
    const v = p.value;
    const field = `${where.field}.${p.key}`;
    locations[field] = lines.position(v.offset);
    if (v.kind === 'string') out[p.key] = v.value;
    else if (allowNull && v.kind === 'number') out[p.key] = String(v.value);
    else if (allowNull && v.kind === 'null') out[p.key] = null;
    else sink.error(v, `"${field}" must be ${allowNull ? 'a string, a number or null' : 'a string'}.`, { ...where, field });
  }
}

/** Reports variables of an unknown form, and inputs that `inputs` does not declare. */
function checkVariables(node: JsonNode, sink: ProblemSink, server: string, inputs: Set<string>, field?: string): void {
  if (node.kind === 'string') {
    for (const ref of findVariables(node.value)) {
      if (ref.kind === 'unknown') sink.error(node, `Unknown variable "${ref.text}"; use ${SUPPORTED_VARIABLES}.`, { server, field });
      else if (ref.kind === 'input' && !inputs.has(ref.id)) sink.error(node, `Input "${ref.id}" is not declared in "inputs".`, { server, field });
    }
  } else if (node.kind === 'object') {
    for (const p of node.properties) checkVariables(p.value, sink, server, inputs, field ? `${field}.${p.key}` : p.key);
  } else if (node.kind === 'array') {
    node.items.forEach((item, i) => checkVariables(item, sink, server, inputs, `${field}[${i}]`));
  }
}

export function checkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"url" must be an absolute http:// or https:// URL; got "${url}".`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `"url" must start with http:// or https://; got "${url}".`;
  }
  return undefined;
}
