import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../runtime/http-server.js';
import { launchChromium } from '../support/browser.js';
import { type Harness, startHarness } from '../support/harness.js';

describe('/docs in headless Chromium', () => {
  let h: Harness;
  let server: RunningServer;
  beforeAll(async () => {
    h = await startHarness();
    server = await listen(h.app.fetch, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('renders the API title and operations with every request staying on this machine and nothing blocked by its CSP', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      const blocked: string[] = [];
      page.on('console', (message) => {
        if (/content security policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto(`${server.url}/docs`);
      await page
        .locator('.swagger-ui .info .title')
        .filter({ hasText: 'Movix Billing API' })
        .waitFor({ timeout: 15_000 });
      await page.locator('.opblock-summary-path', { hasText: '/v1/plans' }).first().waitFor({ timeout: 15_000 });
      const foreign = requested.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:'));
      expect(foreign).toEqual([]);
      expect(requested).toContain(`${server.url}/openapi.json`);
      // The page's CSP lets Swagger UI do all it needs: nothing was blocked.
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
