import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const browserAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/**
 * `describe` for browser suites: skipped (reported, not passed) without Chromium — unless
 * REQUIRE_BROWSER=1 (CI), where a missing Chromium fails.
 */
export function describeInBrowser(title: string, body: () => void): void {
  if (browserAvailable()) return describe(title, body);
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(title, () => {
      it('needs Chromium', () => {
        throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH}`);
      });
    });
    return;
  }
  describe.skip(title, body);
}

/** One headless Chromium per suite file. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Where screenshots go: docs/screenshots with SAVE_SCREENSHOTS=1 (to refresh docs/console.md's), else a
 * temporary folder, so that a test run leaves the working tree as it was.
 */
export function screenshotDirectory(): string {
  const dir =
    process.env.SAVE_SCREENSHOTS === '1'
      ? join(__dirname, '..', '..', 'docs', 'screenshots')
      : join(tmpdir(), 'dic-console-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Retries `assertion` until it passes or `timeoutMs` is over (then throws its last failure):
 * playwright-core has no auto-waiting `expect`, and pages update asynchronously.
 */
export async function eventually(assertion: () => Promise<void>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
