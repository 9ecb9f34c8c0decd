import * as vscode from 'vscode';

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

type Within = { selector: string; text?: string };
/** Inside the active webview's page instead of the workbench. */
type InFrame = { frame?: boolean };

export const workbench = {
  screenshot: (name: string) => act<{ path: string }>('screenshot', { name }),
  press: (keys: string) => act('press', { keys }),
  type: (text: string) => act('type', { text }),
  click: (selector: string, text?: string, timeoutMs?: number, within?: Within) => act('click', { selector, text, timeoutMs, within }),
  /** Moves the mouse over an element (a tree row's tooltip and inline actions appear). */
  hover: (selector: string, text?: string, timeoutMs?: number) => act('hover', { selector, text, timeoutMs }),
  waitFor: (selector: string, opts: { text?: string; timeoutMs?: number; state?: 'visible' | 'hidden' | 'detached' | 'attached' } & InFrame = {}) =>
    act<{ text: string }>('waitFor', { selector, ...opts }),
  texts: (selector: string, text?: string, opts: InFrame = {}) => act<{ texts: string[] }>('texts', { selector, text, ...opts }).then((r) => r.texts),
  count: (selector: string, text?: string, opts: InFrame = {}) => act<{ count: number }>('count', { selector, text, ...opts }).then((r) => r.count),
};

/**
 * Points at the row (among `rows`) containing `rowText` as a person would and returns its tooltip
 * once it shows `expect`. The pointer leaves and comes back between tries: a tooltip opens on arrival.
 */
export async function rowTooltip(rows: string, rowText: string, expect: string): Promise<string> {
  const HOVER = '.monaco-hover, .workbench-hover';
  for (let attempt = 1; ; attempt++) {
    await workbench.hover('[id="workbench.parts.statusbar"]');
    await workbench.hover(rows, rowText);
    try {
      return (await workbench.waitFor(HOVER, { text: expect, timeoutMs: 3_000 })).text;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** The page inside the active webview (e.g. a form): the same actions, looked up in its frame. */
export const webview = {
  click: (selector: string, text?: string, timeoutMs?: number) => act('click', { selector, text, timeoutMs, frame: true }),
  waitFor: (selector: string, opts: { text?: string; timeoutMs?: number; state?: 'visible' | 'hidden' | 'detached' | 'attached' } = {}) =>
    act<{ text: string }>('waitFor', { selector, ...opts, frame: true }),
  texts: (selector: string, text?: string) => workbench.texts(selector, text, { frame: true }),
  count: (selector: string, text?: string) => workbench.count(selector, text, { frame: true }),
};

const NOTIFICATION = '.notifications-center .notification-list-item';

/**
 * Notifications as the workbench lists them in its notification centre. (While extension tests
 * run, the workbench shows no toasts; every notification is in the centre.)
 */
export const notifications = {
  async show(): Promise<void> {
    // The centre sometimes stays closed when asked while the workbench is busy (a window reacting
    // to many events at once): ask again rather than fail on the first try.
    for (let attempt = 1; ; attempt++) {
      await vscode.commands.executeCommand('notifications.showList');
      try {
        await workbench.waitFor('.notifications-center', { state: 'visible', timeoutMs: 4_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await vscode.commands.executeCommand('notifications.hideList');
      }
    }
  },
  /** Waits for a notification containing `text` and returns its text. */
  async waitFor(text: string, timeoutMs = 30_000): Promise<string> {
    await notifications.show();
    return (await workbench.waitFor(NOTIFICATION, { text, timeoutMs })).text;
  },
  /** Clicks `button` on the notification containing `text`. */
  async click(text: string, button: string, timeoutMs = 30_000): Promise<void> {
    await notifications.waitFor(text, timeoutMs);
    await workbench.click('.monaco-button', button, 10_000, { selector: NOTIFICATION, text });
  },
  async clearAll(): Promise<void> {
    await vscode.commands.executeCommand('notifications.clearAll');
  },
  async hide(): Promise<void> {
    await vscode.commands.executeCommand('notifications.hideList');
  },
};

/** Between tests: no editors open, no notifications left. */
export async function resetWorkbench(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await notifications.clearAll();
  await notifications.hide();
}
