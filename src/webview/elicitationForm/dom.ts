/** Small DOM helpers for the form page. Server text only ever goes into textContent. */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The red star after a required field's title (an empty text node for optional ones). */
export function requiredMark(required: boolean): Node {
  return required ? el('span', { class: 'required', title: 'required' }, ' *') : document.createTextNode('');
}
