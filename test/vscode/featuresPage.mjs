// The installed extension's page in the Extensions view, Features tab, "Language Model Tools": the
// five agent tools as VS Code lists them. Driven from outside, as a person would (F1, clicks).
import path from 'node:path';

const TOOLS = ['List MCP Tools', 'Start MCP Task', 'Check MCP Tasks', 'Wait for MCP Task', 'Cancel MCP Task'];

/** Resolves with the tools' names as the page shows them; throws when one is missing. */
export async function screenshotAgentTools(page, screenshotDir, log) {
  await runFromPalette(page, 'Extensions: Show Installed Extensions', 'Show Installed Extensions');
  await page.locator('.extensions-list .monaco-list-row', { hasText: 'MCP Tasks' }).first().click({ timeout: 30_000 });
  await page.locator('.extension-editor .navbar .action-label', { hasText: 'Features' }).first().click({ timeout: 30_000 });
  await page.locator('.extension-editor .features-list-container .monaco-list-row', { hasText: 'Language Model Tools' }).first().click({ timeout: 30_000 });
  const body = page.locator('.extension-editor .feature-body');
  for (const name of TOOLS) await body.filter({ hasText: name }).first().waitFor({ timeout: 15_000 });
  const file = path.join(screenshotDir, 'agent-tools-features.png');
  await page.screenshot({ path: file });
  log(`the Features page lists ${TOOLS.join(', ')}; screenshot ${file}`);
  return TOOLS;
}

/**
 * F1, the command's name, its row. A notification that takes the focus as it appears (the demo's
 * consent prompt) can close the palette before the row is listed; then the palette is opened again.
 */
async function runFromPalette(page, command, rowText, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30_000 });
    await input.fill(`>${command}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first().click({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt === attempts) throw err;
    }
  }
}
