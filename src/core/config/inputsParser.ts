/** Reads the `inputs` array of an mcp.json. A broken input is reported and skipped. */
import type { JsonNode } from './jsonc';
import type { ProblemSink } from './problemSink';
import type { InputDefinition, InputOption } from './types';

export function parseInputs(node: JsonNode, sink: ProblemSink): InputDefinition[] {
  if (node.kind !== 'array') {
    sink.error(node, '"inputs" must be an array.', { field: 'inputs' });
    return [];
  }
  const inputs: InputDefinition[] = [];
  const seen = new Set<string>();
  node.items.forEach((item, index) => {
    const input = parseInput(item, `inputs[${index}]`, sink);
    if (!input) return;
    if (seen.has(input.id)) {
      sink.error(item, `Input "${input.id}" is declared more than once; this declaration is ignored.`, { field: `inputs[${index}].id` });
      return;
    }
    seen.add(input.id);
    inputs.push(input);
  });
  return inputs;
}

function parseInput(node: JsonNode, path: string, sink: ProblemSink): InputDefinition | undefined {
  if (node.kind !== 'object') {
    sink.error(node, 'An input must be an object.', { field: path });
    return undefined;
  }
  const before = sink.errorCount;
  const get = (key: string) => node.properties.find((p) => p.key === key)?.value;
  const str = (key: string, required: boolean): string | undefined => {
    const v = get(key);
    if (v === undefined) {
      if (required) sink.error(node, `"${key}" is required for an input.`, { field: `${path}.${key}` });
      return undefined;
    }
    if (v.kind !== 'string') {
      sink.error(v, `"${key}" must be a string.`, { field: `${path}.${key}` });
      return undefined;
    }
    return v.value;
  };
  const type = str('type', true);
  if (type !== undefined && type !== 'promptString' && type !== 'pickString') {
    sink.error(get('type')!, `Unknown input type "${type}"; expected "promptString" or "pickString".`, { field: `${path}.type` });
  }
  const id = str('id', true);
  if (id !== undefined && !/^[A-Za-z0-9_.-]+$/.test(id)) {
    sink.error(get('id')!, `Input id "${id}" may only contain letters, digits, "_", "." and "-".`, { field: `${path}.id` });
  }
  const description = str('description', false) ?? id ?? '';
  const passwordNode = get('password');
  if (passwordNode && passwordNode.kind !== 'boolean') sink.error(passwordNode, '"password" must be true or false.', { field: `${path}.password` });
  const fallback = str('default', false);
  let options: InputOption[] | undefined;
  const optionsNode = get('options');
  if (type === 'pickString') {
    options = optionsNode ? parseOptions(optionsNode, `${path}.options`, sink) : undefined;
    if (!optionsNode) sink.error(node, '"options" is required for a pickString input.', { field: `${path}.options` });
    else if (options && options.length === 0) sink.error(optionsNode, '"options" must not be empty.', { field: `${path}.options` });
  }
  if (sink.errorCount > before || id === undefined) return undefined;
  return {
    type: type as InputDefinition['type'],
    id,
    description,
    password: passwordNode?.kind === 'boolean' ? passwordNode.value : false,
    ...(fallback !== undefined ? { default: fallback } : {}),
    ...(options ? { options } : {}),
  };
}

function parseOptions(node: JsonNode, path: string, sink: ProblemSink): InputOption[] | undefined {
  if (node.kind !== 'array') {
    sink.error(node, '"options" must be an array of strings or { "label", "value" } objects.', { field: path });
    return undefined;
  }
  const options: InputOption[] = [];
  for (const [i, item] of node.items.entries()) {
    if (item.kind === 'string') { options.push({ label: item.value, value: item.value }); continue; }
    const value = item.kind === 'object' ? item.properties.find((p) => p.key === 'value')?.value : undefined;
    const label = item.kind === 'object' ? item.properties.find((p) => p.key === 'label')?.value : undefined;
    if (value?.kind === 'string' && (!label || label.kind === 'string')) {
      options.push({ label: label?.kind === 'string' ? label.value : value.value, value: value.value });
      continue;
    }
    sink.error(item, 'An option must be a string or an object with a string "value" (and optional "label").', { field: `${path}[${i}]` });
    return undefined;
  }
  return options;
}
