import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium build without the browser's window and UI (package chromium-headless-shell, what
 * Playwright itself runs for headless tests): the same Blink and V8, at about two thirds of the full
 * browser's CPU for the browser suites. The full browser where only it is installed.
 */
const CHROMIUM = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find(existsSync) ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
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

/**
 * axe-core's serious and critical findings (WCAG 2.x A and AA), as "rule: target" lines. Legacy mode runs
 * `axe.run` in the page itself; the default opens a blank page (one more Chromium renderer process) for each
 * analysis to merge per-frame results, which only cross-origin frames need, and no page here has a frame.
 * Only violations are processed into node details (`resultTypes`): the passes and incomplete results,
 * which nothing here reads, keep one example node each instead of a selector for every node.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Whether this run writes screenshots (ACAD_SCREENSHOTS names a folder): a pass only for them can be skipped otherwise. */
export const screenshotsWanted = (): boolean => Boolean(process.env['ACAD_SCREENSHOTS']);

/**
 * A full-page screenshot for a person to look at (the README's "The pages"), written only when
 * ACAD_SCREENSHOTS names a folder: a screenshot asserts nothing, and a test run should not leave
 * some forty PNG files in the system's temp folder.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!screenshotsWanted()) return;
  const folder = process.env['ACAD_SCREENSHOTS'] as string;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
