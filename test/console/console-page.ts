import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENSHOTS = 'test-artifacts/console';

/** Keeps a screenshot of the page and fails on any serious or critical accessibility violation axe-core finds. */
export async function checkPage(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  expect(serious, `${name}: accessibility`).toEqual([]);
}

export async function signIn(page: Page, baseUrl: string, token: string) {
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** How many of `rows` a fresh rendering of the page shows: for polling a queue until a row arrives or leaves. */
export async function countAfterReload(page: Page, rows: Locator) {
  await page.reload();
  return rows.count();
}
