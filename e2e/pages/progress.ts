import { expect, type Locator, type Page } from '@playwright/test';

/** The homeowner's node-inspection progress view of one project. */
export class ProgressPage {
  constructor(private readonly page: Page) {}

  /** Opens it from the project's diary page (the "inspections" link). */
  async openFromDiary() {
    await this.page.getByTestId('progress-link').click();
    await expect(this.page.getByTestId('progress-page')).toBeVisible();
    await expect(this.page.getByTestId('progress-summary')).toBeVisible();
  }

  node(kind: string): Locator {
    return this.page.locator(`[data-testid="node-card"][data-node="${kind}"]`);
  }

  async signOff(kind: string) {
    await this.node(kind).getByTestId('sign-off-button').click();
  }
}
