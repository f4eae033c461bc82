import { expect, type Locator, type Page } from '@playwright/test';

/** A project's quotes and one revision with its three-step confirmation. */
export class QuotePage {
  constructor(private readonly page: Page) {}

  /** From the project's diary page: the quote list, then the pending revision. */
  async openPendingFromDiary() {
    await this.page.getByTestId('quotes-link').click();
    await expect(this.page.getByTestId('quotes-page')).toBeVisible();
    await this.page.locator('[data-testid="quote-row"][data-status="pending"] a').click();
    await expect(this.page.getByTestId('quote-page')).toBeVisible();
  }

  panel(): Locator {
    return this.page.getByTestId('confirm-panel');
  }

  async expectStep(n: number) {
    await expect(this.panel()).toHaveAttribute('data-step', String(n));
  }

  status(): Locator {
    return this.page.getByTestId('quote-status');
  }
}

/** Reads the newest six-digit code from the demo outbox in a second tab. */
export async function codeFromOutbox(page: Page): Promise<string> {
  const outbox = await page.context().newPage();
  await outbox.goto('/outbox');
  const message = outbox.getByTestId('outbox-message').first();
  await expect(message).toContainText('报价');
  const body = (await message.getByTestId('outbox-body').textContent()) ?? '';
  await outbox.close();
  const code = body.match(/\b(\d{6})\b/)?.[1];
  expect(code, `a code in: ${body}`).toBeTruthy();
  return code as string;
}
