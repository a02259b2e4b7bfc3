import { type Browser, chromium } from 'playwright-core';
import { findChromium } from '../../scripts/lib/system-packages.mjs';

/** Debian's Chromium, headless, with the flags that keep it off the network it cannot reach anyway. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found; `npm test` installs it (apt-get install chromium).');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
