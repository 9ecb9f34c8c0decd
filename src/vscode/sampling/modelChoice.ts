/**
 * Which language model answers a server's sampling request: only models the server is allowed
 * (`mcpTasks.sampling.allowedModels`), then the person's choice for the server
 * (`mcpTasks.sampling.modelByServer`), then the server's hints, then the first model. A model is
 * named by its id, "vendor/family", "vendor/id" or its family. Free of 'vscode'.
 */

export interface ModelInfo {
  readonly id: string;
  readonly vendor: string;
  readonly family: string;
  readonly name: string;
}

export interface ModelChoiceInput<M extends ModelInfo> {
  readonly models: readonly M[];
  /** The person's preferred model for this server. */
  readonly preference?: string;
  /** The server's hints (`modelPreferences.hints[].name`), most preferred first. */
  readonly hints?: readonly string[];
  /** When set, only these models may be used for this server. */
  readonly allowed?: readonly string[];
}

export type ModelChoice<M> = { model: M; why: string } | { model?: undefined; why: string };

export function modelMatches(spec: string, model: ModelInfo): boolean {
  const s = spec.trim().toLowerCase();
  if (!s) return false;
  const v = model.vendor.toLowerCase();
  return [model.id, model.family, `${model.vendor}/${model.family}`, `${model.vendor}/${model.id}`]
    .some((name) => name.toLowerCase() === s) || (s === v);
}

/** A hint names part of a model: it matches a model whose id, family or name contains it. */
export function hintMatches(hint: string, model: ModelInfo): boolean {
  const h = hint.trim().toLowerCase();
  return h.length > 0 && [model.id, model.family, model.name].some((name) => name.toLowerCase().includes(h));
}

export function chooseModel<M extends ModelInfo>(input: ModelChoiceInput<M>): ModelChoice<M> {
  if (input.models.length === 0) return { why: 'no language model is available' };
  const allowed = input.allowed;
  const candidates = allowed ? input.models.filter((m) => allowed.some((spec) => modelMatches(spec, m))) : [...input.models];
  if (candidates.length === 0) return { why: `none of the available models is allowed for this server (allowed: ${allowed?.join(', ') || 'none'})` };
  if (input.preference) {
    const preferred = candidates.find((m) => modelMatches(input.preference!, m));
    if (preferred) return { model: preferred, why: 'your model choice for this server' };
  }
  for (const hint of input.hints ?? []) {
    const hinted = candidates.find((m) => hintMatches(hint, m));
    if (hinted) return { model: hinted, why: `the server's hint "${hint}"` };
  }
  return { model: candidates[0], why: 'the first available model' };
}

/** How a model is written in settings and messages. */
export function modelLabel(model: ModelInfo): string {
  return `${model.name} (${model.vendor}/${model.family})`;
}
