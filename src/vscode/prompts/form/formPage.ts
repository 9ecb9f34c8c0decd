/**
 * The script of the elicitation form page (runs in the webview, not in the extension host).
 * Builds the form from the plan with DOM calls (server text only ever goes into textContent),
 * keeps the entries in the webview state so a hidden tab loses nothing, shows the model's errors
 * next to the fields, and posts accept / decline / cancel to the extension.
 *
 * formPageMain.ts starts it; esbuild bundles the two with the form model into the page's own
 * browser script, so the extension bundle carries none of this.
 */
import type { Entries, Entry, FormField, FormModel } from './formModel';

export interface FormPageInit {
  readonly fields: readonly FormField[];
  readonly entries: Entries;
  readonly server: string;
  readonly message: string;
  /** "task 1f2e… · tool deploy", when the question belongs to one. */
  readonly context?: string;
}

/** Messages the page posts to the extension. */
export type FormPageMessage =
  | { type: 'accept'; entries: Entries }
  | { type: 'decline' }
  | { type: 'cancel' }
  | { type: 'ready' };

/** Messages the extension posts to the page. */
export type FormHostMessage = { type: 'rejected'; errors: Record<string, string> };

export function formPage(model: FormModel, init: FormPageInit): void {
  // The webview's globals; the extension is compiled without DOM typings.
  const g = globalThis as any;
  const doc = g.document;
  const api = g.acquireVsCodeApi();
  const saved = api.getState();
  const entries: Entries = { ...init.entries, ...(saved && saved.entries ? saved.entries : {}) };
  const shown = new Set<string>();
  const controls: Record<string, { focus(): void; setError(text: string): void }> = {};
  let busy = false;

  const el = (tag: string, attrs: Record<string, string> = {}, text?: string) => {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const post = (message: FormPageMessage) => api.postMessage(message);
  const remember = () => api.setState({ entries });

  // date-time: the control shows local time; the entry is RFC 3339 with this browser's offset.
  const pad = (n: number) => String(Math.abs(Math.trunc(n))).padStart(2, '0');
  const toRfc3339 = (local: string): string => {
    if (!local) return '';
    const full = local.length === 16 ? `${local}:00` : local.slice(0, 19);
    const date = new Date(full);
    if (Number.isNaN(date.getTime())) return local;
    const offset = -date.getTimezoneOffset();
    return `${full}${offset >= 0 ? '+' : '-'}${pad(offset / 60)}:${pad(offset % 60)}`;
  };
  const toLocal = (value: string): string => {
    const date = new Date(value);
    if (!value || Number.isNaN(date.getTime())) return '';
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  };

  const root = doc.getElementById('root');
  const header = el('header');
  const who = el('div', { class: 'who' });
  who.append(el('span', { class: 'server' }, init.server), doc.createTextNode(' asks for your input'));
  if (init.context) who.append(el('span', { class: 'context' }, ` · ${init.context}`));
  header.append(who, el('h1', { class: 'message', id: 'message' }, init.message || 'The server asks for some information.'));
  const warning = el('p', { class: 'warning', role: 'note' });
  warning.append(el('span', { class: 'codicon', 'aria-hidden': 'true' }, '⚠'),
    doc.createTextNode(' Never enter passwords, API keys or other secrets here: servers must not ask for them.'));
  header.append(warning);

  const form = el('form', { id: 'form', novalidate: '', 'aria-labelledby': 'message' });
  const inputTypes: Record<string, string> = { email: 'email', uri: 'url', date: 'date', 'date-time': 'datetime-local' };

  const changed = (field: FormField, entry: Entry, show: boolean) => {
    entries[field.name] = entry;
    if (show) shown.add(field.name);
    refresh();
    remember();
  };

  for (const field of init.fields) {
    const id = `field-${field.name}`;
    const box = el('div', { class: `field field-${field.kind}`, 'data-name': field.name });
    const errorNode = el('div', { class: 'error', id: `${id}-error`, 'aria-live': 'polite' });
    const describedBy = field.description ? `${id}-description ${id}-error` : `${id}-error`;
    const description = field.description ? el('div', { class: 'description', id: `${id}-description` }, field.description) : undefined;
    const mark = () => (field.required ? el('span', { class: 'required', title: 'required' }, ' *') : doc.createTextNode(''));
    let focusTarget: { focus(): void; setAttribute(k: string, v: string): void; removeAttribute(k: string): void };

    if (field.kind === 'boolean') {
      const input = el('input', { type: 'checkbox', id, name: field.name, 'aria-describedby': describedBy });
      input.checked = entries[field.name] === true;
      const label = el('label', { class: 'check', for: id });
      label.append(input, el('span', {}, field.title), mark());
      input.addEventListener('change', () => changed(field, Boolean(input.checked), true));
      box.append(label);
      if (description) box.append(description);
      focusTarget = input;
    } else if (field.kind === 'multiselect') {
      const set = el('fieldset', { 'aria-describedby': describedBy });
      const legend = el('legend', {}, field.title);
      legend.append(mark());
      set.append(legend);
      if (description) set.append(description);
      const list = el('div', { class: 'choices' });
      const boxes: { checked: boolean; value: string }[] = [];
      (field.options ?? []).forEach((option, i) => {
        const input = el('input', { type: 'checkbox', id: `${id}-${i}`, value: option.value });
        input.checked = Array.isArray(entries[field.name]) && (entries[field.name] as string[]).includes(option.value);
        input.addEventListener('change', () => changed(field, boxes.filter((b) => b.checked).map((b) => b.value), true));
        boxes.push(input);
        const label = el('label', { class: 'check', for: `${id}-${i}` });
        label.append(input, el('span', {}, option.label));
        list.append(label);
      });
      const limits = [field.minItems !== undefined ? `at least ${field.minItems}` : '', field.maxItems !== undefined ? `at most ${field.maxItems}` : ''].filter(Boolean).join(', ');
      if (limits) set.append(el('div', { class: 'description' }, `Choose ${limits}.`));
      set.append(list);
      box.append(set);
      focusTarget = (boxes[0] as unknown as typeof focusTarget) ?? set;
    } else {
      const label = el('label', { for: id }, field.title);
      label.append(mark());
      box.append(label);
      if (description) box.append(description);
      let input: any;
      if (field.kind === 'select') {
        input = el('select', { id, name: field.name, 'aria-describedby': describedBy });
        const current = typeof entries[field.name] === 'string' ? entries[field.name] as string : '';
        if (!field.required || current === '') input.append(el('option', { value: '' }, field.required ? 'Choose…' : '(none)'));
        for (const option of field.options ?? []) {
          const node = el('option', { value: option.value }, option.label);
          if (option.value === current) node.setAttribute('selected', '');
          input.append(node);
        }
        input.addEventListener('change', () => changed(field, input.value, true));
      } else {
        const numeric = field.kind === 'number' || field.kind === 'integer';
        const type = numeric ? 'number' : inputTypes[field.format ?? ''] ?? 'text';
        input = el('input', { id, name: field.name, type, 'aria-describedby': describedBy, autocomplete: 'off', spellcheck: 'false' });
        if (numeric) {
          input.setAttribute('step', field.kind === 'integer' ? '1' : 'any');
          if (field.minimum !== undefined) input.setAttribute('min', String(field.minimum));
          if (field.maximum !== undefined) input.setAttribute('max', String(field.maximum));
        }
        if (field.format === 'date-time') input.setAttribute('step', '1');
        if (field.maxLength !== undefined) input.setAttribute('maxlength', String(field.maxLength));
        if (field.required) input.setAttribute('aria-required', 'true');
        const stored = typeof entries[field.name] === 'string' ? entries[field.name] as string : '';
        input.value = field.format === 'date-time' ? toLocal(stored) : stored;
        const read = (): string => {
          if (numeric && input.validity && input.validity.badInput) return 'not a number';
          return field.format === 'date-time' ? toRfc3339(input.value) : input.value;
        };
        input.addEventListener('input', () => changed(field, read(), false));
        input.addEventListener('change', () => changed(field, read(), true));
        input.addEventListener('blur', () => { shown.add(field.name); refresh(); });
      }
      box.append(input);
      const limits = limitsText(field);
      if (limits) box.append(el('div', { class: 'limits' }, limits));
      focusTarget = input;
    }
    box.append(errorNode);
    form.append(box);
    const target = focusTarget;
    controls[field.name] = {
      focus: () => target.focus(),
      setError: (text: string) => {
        errorNode.textContent = text;
        box.classList.toggle('invalid', Boolean(text));
        if (text) target.setAttribute('aria-invalid', 'true');
        else target.removeAttribute('aria-invalid');
      },
    };
  }

  const footer = el('div', { class: 'actions' });
  const accept = el('button', { type: 'submit', class: 'primary', id: 'accept' }, 'Accept');
  const decline = el('button', { type: 'button', class: 'secondary', id: 'decline' }, 'Decline');
  const cancel = el('button', { type: 'button', class: 'secondary', id: 'cancel' }, 'Cancel');
  const status = el('span', { class: 'status', id: 'status', 'aria-live': 'polite' });
  const hint = el('p', { class: 'hint' }, `Enter accepts · Escape cancels${init.fields.some((f) => f.required) ? ' · * required' : ''}`);
  footer.append(accept, decline, cancel, status, hint);
  form.append(footer);
  root.append(header, form);

  function limitsText(field: FormField): string {
    const range = (lo: number | undefined, hi: number | undefined, unit: string) =>
      lo !== undefined && hi !== undefined ? `${lo} to ${hi}${unit}` : lo !== undefined ? `at least ${lo}${unit}` : hi !== undefined ? `at most ${hi}${unit}` : '';
    if (field.kind === 'integer') return ['Whole number', range(field.minimum, field.maximum, '')].filter(Boolean).join(', ');
    if (field.kind === 'number') { const r = range(field.minimum, field.maximum, ''); return r ? `Number, ${r}` : ''; }
    if (field.kind === 'text') { const r = range(field.minLength, field.maxLength, ' characters'); return r ? r[0].toUpperCase() + r.slice(1) : ''; }
    return '';
  }

  function refresh(serverErrors?: Record<string, string>): boolean {
    const outcome = model.evaluate(init.fields, entries);
    const errors = serverErrors ?? outcome.errors;
    for (const field of init.fields) controls[field.name].setError(shown.has(field.name) ? errors[field.name] ?? '' : '');
    const count = Object.keys(errors).filter((name) => shown.has(name)).length;
    status.textContent = count === 0 ? '' : count === 1 ? 'Fix 1 field before accepting.' : `Fix ${count} fields before accepting.`;
    return outcome.valid && !serverErrors;
  }

  const finish = (message: FormPageMessage) => {
    if (busy) return;
    busy = true;
    for (const b of [accept, decline, cancel]) b.disabled = true;
    post(message);
  };
  const tryAccept = () => {
    for (const field of init.fields) shown.add(field.name);
    if (!refresh()) {
      const errors = model.evaluate(init.fields, entries).errors;
      const first = init.fields.find((f) => errors[f.name]);
      if (first) controls[first.name].focus();
      return;
    }
    finish({ type: 'accept', entries });
  };

  form.addEventListener('submit', (event: { preventDefault(): void }) => { event.preventDefault(); tryAccept(); });
  decline.addEventListener('click', () => finish({ type: 'decline' }));
  cancel.addEventListener('click', () => finish({ type: 'cancel' }));
  doc.addEventListener('keydown', (event: { key: string; target: { tagName?: string }; preventDefault(): void; isComposing?: boolean }) => {
    if (event.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      finish({ type: 'cancel' });
    } else if (event.key === 'Enter') {
      const tag = String(event.target && event.target.tagName || '').toUpperCase();
      // Text inputs submit by themselves; buttons do their own thing.
      if (tag === 'BUTTON' || tag === 'TEXTAREA' || tag === 'INPUT' && (event.target as { type?: string }).type !== 'checkbox') return;
      event.preventDefault();
      tryAccept();
    }
  });
  g.addEventListener('message', (event: { data: FormHostMessage }) => {
    if (event.data && event.data.type === 'rejected') {
      busy = false;
      for (const b of [accept, decline, cancel]) b.disabled = false;
      for (const field of init.fields) shown.add(field.name);
      refresh(event.data.errors);
    }
  });

  const focusFirst = () => {
    const first = init.fields[0];
    if (first) controls[first.name].focus();
    else accept.focus();
  };
  // The page may get the keyboard after it was built (e.g. opened from a click in a tree): start on the first field then.
  g.addEventListener('focus', () => { if (!doc.activeElement || doc.activeElement === doc.body) focusFirst(); });
  refresh();
  focusFirst();
  post({ type: 'ready' });
}
