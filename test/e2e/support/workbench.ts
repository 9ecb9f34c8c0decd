// Drives the workbench from inside the extension host as a person would (keys, clicks, reading
// the screen, screenshots) through the launcher's control endpoint.
const controlUrl = process.env.MCP_TASKS_E2E_CONTROL;

export const hasWorkbenchControl = Boolean(controlUrl);

async function act<T>(action: string, args: Record<string, unknown> = {}): Promise<T> {
  if (!controlUrl) throw new Error('no workbench control endpoint (MCP_TASKS_E2E_CONTROL is not set)');
  const res = await fetch(`${controlUrl}/${action}`, { method: 'POST', body: JSON.stringify(args) });
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`workbench ${action} failed: ${body.error ?? res.status}`);
  return body;
}

export const workbench = {
  screenshot: (name: string) => act<{ path: string }>('screenshot', { name }),
  press: (keys: string) => act('press', { keys }),
  type: (text: string) => act('type', { text }),
  click: (selector: string, text?: string, timeoutMs?: number) => act('click', { selector, text, timeoutMs }),
  waitFor: (selector: string, opts: { text?: string; timeoutMs?: number; state?: 'visible' | 'hidden' | 'detached' | 'attached' } = {}) =>
    act<{ text: string }>('waitFor', { selector, ...opts }),
  texts: (selector: string, text?: string) => act<{ texts: string[] }>('texts', { selector, text }).then((r) => r.texts),
  count: (selector: string, text?: string) => act<{ count: number }>('count', { selector, text }).then((r) => r.count),
};
