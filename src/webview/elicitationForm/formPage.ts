/**
 * The elicitation form page (runs in the webview, not in the extension host): builds the form
 * from the plan, keeps the entries in the webview state so a hidden tab loses nothing, shows the
 * model's errors next to the fields (once a field was left or the person tried to accept), and
 * posts accept / decline / cancel to the extension.
 */
import type { Entries, Entry, FormField, FormModel } from '../../vscode/prompts/form/formModel';
import type { FormHostMessage, FormPageInit, FormPageMessage } from '../../vscode/prompts/form/formMessages';
import { el } from './dom';
import { buildField } from './fieldControls';

/** The part of the webview API the page uses. */
export interface WebviewApi {
  postMessage(message: FormPageMessage): void;
  getState(): { entries?: Entries } | undefined;
  setState(state: { entries: Entries }): void;
}

interface FieldView {
  focus(): void;
  setError(text: string): void;
}

export function mountFormPage(root: HTMLElement, model: FormModel, init: FormPageInit, api: WebviewApi): void {
  const entries: Entries = { ...init.entries, ...(api.getState()?.entries ?? {}) };
  /** Fields whose errors may show: changed, left, or all after an attempt to accept. */
  const shown = new Set<string>();
  const views: Record<string, FieldView> = {};
  let busy = false;

  const changed = (field: FormField, entry: Entry, show: boolean) => {
    entries[field.name] = entry;
    if (show) shown.add(field.name);
    refresh();
    api.setState({ entries });
  };

  const form = el('form', { id: 'form', novalidate: '', 'aria-labelledby': 'message' });
  for (const field of init.fields) {
    const { box, view } = fieldBox(field, entries[field.name], changed, () => { shown.add(field.name); refresh(); });
    views[field.name] = view;
    form.append(box);
  }
  const { footer, accept, decline, cancel, status } = actionBar(init);
  form.append(footer);
  root.append(pageHeader(init), form);

  function refresh(serverErrors?: Record<string, string>): boolean {
    const outcome = model.evaluate(init.fields, entries);
    const errors = serverErrors ?? outcome.errors;
    for (const field of init.fields) views[field.name].setError(shown.has(field.name) ? errors[field.name] ?? '' : '');
    const count = Object.keys(errors).filter((name) => shown.has(name)).length;
    status.textContent = count === 0 ? '' : count === 1 ? 'Fix 1 field before accepting.' : `Fix ${count} fields before accepting.`;
    return outcome.valid && !serverErrors;
  }

  const setBusy = (value: boolean) => {
    busy = value;
    for (const button of [accept, decline, cancel]) button.disabled = value;
  };
  const finish = (message: FormPageMessage) => {
    if (busy) return;
    setBusy(true);
    api.postMessage(message);
  };
  const tryAccept = () => {
    for (const field of init.fields) shown.add(field.name);
    if (!refresh()) {
      const errors = model.evaluate(init.fields, entries).errors;
      const first = init.fields.find((f) => errors[f.name]);
      if (first) views[first.name].focus();
      return;
    }
    finish({ type: 'accept', entries });
  };

  form.addEventListener('submit', (event) => { event.preventDefault(); tryAccept(); });
  decline.addEventListener('click', () => finish({ type: 'decline' }));
  cancel.addEventListener('click', () => finish({ type: 'cancel' }));
  document.addEventListener('keydown', (event) => onFormKey(event, tryAccept, () => finish({ type: 'cancel' })));
  window.addEventListener('message', (event: MessageEvent<FormHostMessage>) => {
    if (event.data?.type !== 'rejected') return;
    setBusy(false);
    for (const field of init.fields) shown.add(field.name);
    refresh(event.data.errors);
  });

  const focusFirst = () => {
    const first = init.fields[0];
    if (first) views[first.name].focus();
    else accept.focus();
  };
  // The page may get the keyboard after it was built (e.g. opened from a click in a tree): start on the first field then.
  window.addEventListener('focus', () => { if (!document.activeElement || document.activeElement === document.body) focusFirst(); });
  refresh();
  focusFirst();
  api.postMessage({ type: 'ready' });
}

/** Accept, Decline and Cancel, the line that says what to fix, and the keyboard hint. */
function actionBar(init: FormPageInit): { footer: HTMLElement; accept: HTMLButtonElement; decline: HTMLButtonElement; cancel: HTMLButtonElement; status: HTMLElement } {
  const accept = el('button', { type: 'submit', class: 'primary', id: 'accept' }, 'Accept');
  const decline = el('button', { type: 'button', class: 'secondary', id: 'decline' }, 'Decline');
  const cancel = el('button', { type: 'button', class: 'secondary', id: 'cancel' }, 'Cancel');
  const status = el('span', { class: 'status', id: 'status', 'aria-live': 'polite' });
  const hint = el('p', { class: 'hint' }, `Enter accepts · Escape cancels${init.fields.some((f) => f.required) ? ' · * required' : ''}`);
  const footer = el('div', { class: 'actions' });
  footer.append(accept, decline, cancel, status, hint);
  return { footer, accept, decline, cancel, status };
}

/** Escape cancels anywhere; Enter accepts except where the key already means something. */
function onFormKey(event: KeyboardEvent, accept: () => void, cancel: () => void): void {
  if (event.isComposing) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    cancel();
  } else if (event.key === 'Enter') {
    const target = event.target as HTMLElement | null;
    const tag = (target?.tagName ?? '').toUpperCase();
    // Text inputs submit by themselves; buttons do their own thing.
    if (tag === 'BUTTON' || tag === 'TEXTAREA' || (tag === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox')) return;
    event.preventDefault();
    accept();
  }
}

function pageHeader(init: FormPageInit): HTMLElement {
  const header = el('header');
  const who = el('div', { class: 'who' });
  who.append(el('span', { class: 'server' }, init.server), document.createTextNode(' asks for your input'));
  if (init.context) who.append(el('span', { class: 'context' }, ` · ${init.context}`));
  header.append(who, el('h1', { class: 'message', id: 'message' }, init.message || 'The server asks for some information.'));
  const warning = el('p', { class: 'warning', role: 'note' });
  warning.append(el('span', { class: 'codicon', 'aria-hidden': 'true' }, '⚠'),
    document.createTextNode(' Never enter passwords, API keys or other secrets here: servers must not ask for them.'));
  header.append(warning);
  return header;
}

/** One field's box: its control (by kind), its description and its error line. */
function fieldBox(field: FormField, entry: Entry, changed: (field: FormField, entry: Entry, show: boolean) => void, touched: () => void): { box: HTMLElement; view: FieldView } {
  const id = `field-${field.name}`;
  const box = el('div', { class: `field field-${field.kind}`, 'data-name': field.name });
  const errorLine = el('div', { class: 'error', id: `${id}-error`, 'aria-live': 'polite' });
  const target = buildField({
    field, id, box, entry,
    describedBy: field.description ? `${id}-description ${id}-error` : `${id}-error`,
    description: field.description ? el('div', { class: 'description', id: `${id}-description` }, field.description) : undefined,
    changed: (next, show) => changed(field, next, show),
    touched,
  });
  box.append(errorLine);
  return {
    box,
    view: {
      focus: () => target.focus(),
      setError: (text) => {
        errorLine.textContent = text;
        box.classList.toggle('invalid', Boolean(text));
        if (text) target.setAttribute('aria-invalid', 'true');
        else target.removeAttribute('aria-invalid');
      },
    },
  };
}
