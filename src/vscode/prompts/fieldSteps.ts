/**
 * Asks for an object one field at a time with QuickInput steps: input boxes for text and numbers
 * (validated as you type, defaults pre-filled), picks for yes/no and choices, a Back button.
 * Shared by tool arguments and the server's questions.
 */
import * as vscode from 'vscode';
import { initialText, parseFieldInput, type FieldStep } from '../tasks/model/argumentPlan';
import { plainText } from '../inertText';

export interface ExtraButton {
  readonly id: string;
  readonly icon: string;
  readonly tooltip: string;
}

export interface FieldStepsOptions {
  readonly title: string;
  readonly initial?: Record<string, unknown>;
  /** Aborting closes the steps (e.g. the server withdrew its question). */
  readonly signal?: AbortSignal;
  /** Buttons shown on every step (e.g. "Decline"); pressing one ends the steps. */
  readonly buttons?: readonly ExtraButton[];
  /** Steps shown before these (a picker of server and tool), so numbering continues. */
  readonly stepOffset?: number;
  /** Back on the first field: let the caller go back to its own previous step. */
  readonly backFromFirst?: boolean;
}

export type FieldStepsOutcome =
  | { kind: 'done'; values: Record<string, unknown> }
  | { kind: 'back' }
  | { kind: 'cancel' }
  | { kind: 'button'; id: string };

type StepResult = { kind: 'value'; value: unknown } | { kind: 'back' } | { kind: 'cancel' } | { kind: 'button'; id: string };

const LEAVE_OUT = Symbol('leave out');

export async function askFields(steps: readonly FieldStep[], options: FieldStepsOptions): Promise<FieldStepsOutcome> {
  const values: Record<string, unknown> = { ...(options.initial ?? {}) };
  const offset = options.stepOffset ?? 0;
  let i = 0;
  while (i < steps.length) {
    if (options.signal?.aborted) return { kind: 'cancel' };
    const step = steps[i];
    const ctx = { ...options, step: offset + i + 1, total: offset + steps.length, canGoBack: i > 0 || Boolean(options.backFromFirst) };
    const result = await askOne(step, values[step.name], ctx);
    if (result.kind === 'back') {
      if (i === 0) return { kind: 'back' };
      i--;
      continue;
    }
    if (result.kind !== 'value') return result;
    if (result.value === undefined) delete values[step.name];
    else values[step.name] = result.value;
    i++;
  }
  return { kind: 'done', values };
}

interface StepContext extends FieldStepsOptions {
  step: number;
  total: number;
  canGoBack: boolean;
}

function askOne(step: FieldStep, previous: unknown, ctx: StepContext): Promise<StepResult> {
  return step.kind === 'string' || step.kind === 'number' || step.kind === 'integer'
    ? askText(step, previous, ctx)
    : askPick(step, previous, ctx);
}

function buttonsOf(ctx: StepContext): vscode.QuickInputButton[] {
  const extra = (ctx.buttons ?? []).map((b) => ({ iconPath: new vscode.ThemeIcon(b.icon), tooltip: b.tooltip, id: b.id }));
  return ctx.canGoBack ? [vscode.QuickInputButtons.Back, ...extra] : extra;
}

/** The field's title and description come from a schema a server wrote: shown as text only. */
function fieldPrompt(step: FieldStep): string {
  const head = `${plainText(step.title)}${step.required ? ` (${vscode.l10n.t('required')})` : ''}`;
  return step.description ? `${head} — ${plainText(step.description)}` : head;
}

function askText(step: FieldStep, previous: unknown, ctx: StepContext): Promise<StepResult> {
  const box = vscode.window.createInputBox();
  box.title = plainText(ctx.title);
  box.step = ctx.step;
  box.totalSteps = ctx.total;
  box.prompt = fieldPrompt(step);
  box.placeholder = step.required ? plainText(step.title) : vscode.l10n.t('{0} (optional: leave empty to skip)', plainText(step.title));
  box.value = initialText(step, previous);
  box.ignoreFocusOut = true;
  box.buttons = buttonsOf(ctx);
  const validate = (text: string) => {
    const parsed = parseFieldInput(step, text);
    box.validationMessage = parsed.ok ? undefined : { message: plainText(parsed.message), severity: vscode.InputBoxValidationSeverity.Error };
    return parsed;
  };
  if (box.value) validate(box.value);
  return run(box, ctx, (done) => [
    box.onDidChangeValue((text) => validate(text)),
    box.onDidAccept(() => {
      const parsed = validate(box.value);
      if (parsed.ok) done({ kind: 'value', value: parsed.value });
    }),
  ]);
}

interface ChoiceItem extends vscode.QuickPickItem {
  readonly value: unknown;
}

function askPick(step: FieldStep, previous: unknown, ctx: StepContext): Promise<StepResult> {
  const pick = vscode.window.createQuickPick<ChoiceItem>();
  pick.title = plainText(ctx.title);
  pick.step = ctx.step;
  pick.totalSteps = ctx.total;
  // The placeholder is cut to the box's width: the field's full description goes in the prompt below it.
  pick.placeholder = step.title;
  pick.prompt = fieldPrompt(step);
  pick.ignoreFocusOut = true;
  pick.buttons = buttonsOf(ctx);
  const current = previous !== undefined ? previous : step.default;
  const items: ChoiceItem[] = step.kind === 'boolean'
    ? [{ label: vscode.l10n.t('Yes'), description: 'true', value: true }, { label: vscode.l10n.t('No'), description: 'false', value: false }]
    : (step.options ?? []).map((o) => ({ label: plainText(o.label), description: o.label !== String(o.value) ? plainText(String(o.value)) : undefined, value: o.value }));
  for (const item of items) {
    if (step.default !== undefined && sameValue(item.value, step.default)) (item as { detail?: string }).detail = vscode.l10n.t('default');
  }
  if (step.kind === 'multiPick') {
    pick.canSelectMany = true;
    const chosen = Array.isArray(current) ? current : [];
    pick.items = items;
    pick.selectedItems = items.filter((it) => chosen.some((c) => sameValue(c, it.value)));
  } else {
    if (!step.required) items.push({ label: vscode.l10n.t('Leave out'), description: vscode.l10n.t('do not send a value'), value: LEAVE_OUT });
    pick.items = items;
    const active = items.find((it) => current !== undefined && sameValue(it.value, current));
    if (active) pick.activeItems = [active];
  }
  return run(pick, ctx, (done) => [
    pick.onDidAccept(() => {
      if (step.kind === 'multiPick') {
        const values = pick.selectedItems.map((it) => it.value);
        if (step.minItems !== undefined && values.length < step.minItems) {
          pick.placeholder = vscode.l10n.t('Choose at least {0}.', step.minItems);
          return;
        }
        if (step.maxItems !== undefined && values.length > step.maxItems) {
          pick.placeholder = vscode.l10n.t('Choose at most {0}.', step.maxItems);
          return;
        }
        done({ kind: 'value', value: values.length === 0 && !step.required ? undefined : values });
        return;
      }
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!chosen) return;
      done({ kind: 'value', value: chosen.value === LEAVE_OUT ? undefined : chosen.value });
    }),
  ]);
}

/** Shows a quick input until it produces a result; hiding it (Escape, or the signal) cancels. */
function run(input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> }, ctx: StepContext,
  wire: (done: (result: StepResult) => void) => vscode.Disposable[]): Promise<StepResult> {
  return new Promise<StepResult>((resolve) => {
    let settled = false;
    const disposables: vscode.Disposable[] = [];
    const done = (result: StepResult) => {
      if (settled) return;
      settled = true;
      for (const d of disposables) d.dispose();
      ctx.signal?.removeEventListener('abort', onAbort);
      input.dispose();
      resolve(result);
    };
    const onAbort = () => done({ kind: 'cancel' });
    disposables.push(...wire(done));
    disposables.push(input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) done({ kind: 'back' });
      else done({ kind: 'button', id: (button as { id?: string }).id ?? '' });
    }));
    disposables.push(input.onDidHide(() => done({ kind: 'cancel' })));
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    input.show();
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
