// Headless Debian Chromium driven by playwright-core (which never downloads a browser).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';

export async function launchBrowser({ chromium: executablePath, profileDir, viewport = { width: 1400, height: 900 } }) {
  const { chromium } = createRequire(path.join(repoRoot, 'package.json'))('playwright-core');
  mkdirSync(profileDir, { recursive: true });
  // A persistent context on an empty folder: playwright refuses --user-data-dir in args.
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport,
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'), XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache') },
    // Without the background-networking flags Chromium keeps dialling out on a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
