// Driving the chat widget (widget.js, in an open Shadow DOM that Playwright's CSS locators pierce)
// the way a shopper does, for the browser tests of the demo page and of a storefront.
import type { Page } from 'playwright-core';

/** Types `text` into the widget, sends it, and returns the text of the first bot message after it. */
export async function askWidget(page: Page, text: string): Promise<string> {
  const before = await page.locator('.msg.bot').count();
  await page.fill('.composer input', text);
  await page.press('.composer input', 'Enter');
  await page.locator('.msg.bot').nth(before).waitFor({ timeout: 10_000 });
  return (await page.locator('.msg.bot .bubble').nth(before).textContent()) ?? '';
}
