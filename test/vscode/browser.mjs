// Headless Debian Chromium driven by playwright-core (which never downloads a browser).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';

/**
 * handleSignals: false when the caller stops on Ctrl+C itself; otherwise Playwright's own SIGINT
 * handler closes the browser and exits the process at once, before the caller can stop anything else.
 */
export async function launchBrowser({ chromium: executablePath, profileDir, viewport = { width: 1400, height: 900 }, handleSignals = true }) {
  const { chromium } = createRequire(path.join(repoRoot, 'package.json'))('playwright-core');
  mkdirSync(profileDir, { recursive: true });
  // A persistent context on an empty folder: playwright refuses --user-data-dir in args.
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport,
    timeout: 60_000,
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'), XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache') },
    // Without the background-networking flags Chromium keeps dialling out on a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
