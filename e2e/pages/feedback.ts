import { expect, type Locator, type Page } from '@playwright/test';

/** The homeowner's ratings and surveys page of a project. */
export class FeedbackPage {
  constructor(private readonly page: Page) {}

  async openFromDiary() {
    await this.page.getByTestId('feedback-link').click();
    await expect(this.page.getByTestId('feedback-page')).toBeVisible();
  }

  slot(target: string): Locator {
    return this.page.locator(`[data-testid="rating-slot"][data-target="${target}"]`);
  }

  /** Taps `n` stars in each star row inside `scope`. */
  async stars(scope: Locator, values: number[]) {
    const rows = scope.locator('.stars');
    for (let i = 0; i < values.length; i++) {
      await rows.nth(i).locator(`[data-star="${values[i]}"]`).click();
    }
  }
}
