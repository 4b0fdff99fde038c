import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download: ../shared/docs/services.md). */
export const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium tries to reach the internet and fails noisily. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** In a mocha hook: skips loudly outside CI when Chromium is missing, fails in CI. */
export function requireChromium(ctx: Mocha.Context, what: string): void {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`);
  console.warn(`\n  !!! SKIPPING ${what}: ${CHROMIUM} is missing (apt-get update && apt-get install -y chromium) !!!\n`);
  ctx.skip();
}

/** Chromium with a fresh profile folder, removed again on close. */
export async function openChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects what a page should never show: script errors, console errors and Content
 * Security Policy reports; `expected` lets through the HTTP errors a test provokes on purpose.
 */
export function watchPage(page: Page, problems: string[], expected?: RegExp): void {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if ((msg.type() === 'error' || /Content Security Policy/i.test(text)) && !expected?.test(text)) problems.push(`console ${msg.type()}: ${text}`);
  });
}
