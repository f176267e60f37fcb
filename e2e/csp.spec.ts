/** The built page and the harness say the one policy of src/shared/csp.ts, word for word. */
import { CONTENT_SECURITY_POLICY } from '../src/shared/csp';
import { expect, test } from './support/fixtures';

test('the served page carries the one CSP, in its header and in its meta tag', async ({ harness, page }) => {
  const response = await page.goto(harness.url);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
  await expect(meta).toHaveAttribute('content', CONTENT_SECURITY_POLICY);
  // The policy is enforced, not just present: inline script does not run.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
});
