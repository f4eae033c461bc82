import { expect, type Locator, type Page } from '@playwright/test';

/** The homeowner's service pages: hub, claim and callback forms, one item. */
export class ServicePage {
  constructor(private readonly page: Page) {}

  async openFromDiary() {
    await this.page.getByTestId('service-link').click();
    await expect(this.page.getByTestId('service-hub')).toBeVisible();
  }

  status(): Locator {
    return this.page.getByTestId('item-status');
  }

  async backToHub() {
    await this.page.locator('a.back-link').click();
    await expect(this.page.getByTestId('service-hub')).toBeVisible();
  }
}

/** The staff queue and an item's staff page. */
export class DeskPage {
  constructor(private readonly page: Page) {}

  async gotoQueue() {
    await this.page.goto('/desk/queue');
    await expect(this.page.getByTestId('queue-page')).toBeVisible();
  }

  row(title: string): Locator {
    return this.page.getByTestId('queue-row').filter({ hasText: title });
  }

  async act(name: string) {
    await this.page.getByTestId(`action-${name}`).click();
  }
}

/** `YYYY-MM-DDTHH:MM` for a `datetime-local` input, `days` from now at `hour`:00 local time. */
export function localDateTime(days: number, hour: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(hour)}:00`;
}
