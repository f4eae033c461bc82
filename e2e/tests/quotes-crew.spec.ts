import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { openProjectAs } from '../pages/projects';
import { QuotePage } from '../pages/quote';

// 望京小区: crew 刘强's site, with a confirmed first revision (nobody confirms it in another test).
const PROJECT = '望京小区';

test('the crew reads what to build in a quote but no money; staff on the same quote see the prices', async ({ page, browser }) => {
  await openProjectAs(page, '13900000001', PROJECT);

  // The list: revision, status and dates, no total or change in cost.
  await page.getByTestId('quotes-link').click();
  await expect(page.getByTestId('quotes-page')).toBeVisible();
  const row = page.locator('[data-testid="quote-row"][data-status="confirmed"]').first();
  await expect(row).toBeVisible();
  await expect(page.getByTestId('quote-crew-note')).toBeVisible();
  await expect(page.getByTestId('quote-row-total')).toHaveCount(0);
  await expect(page.getByTestId('quotes-page')).not.toContainText('¥');

  // One revision: materials with brand and quantity, labour, schedule, notes — and no money.
  await row.locator('a').click();
  await expect(page.getByTestId('quote-page')).toBeVisible();
  const quoteUrl = page.url();
  const floor = page.getByTestId('quote-line').filter({ hasText: '圣象' });
  await expect(floor).toHaveCount(1);
  await expect(floor.getByTestId('quote-line-title')).toContainText('木地板 · 圣象 NK1208');
  await expect(floor.getByTestId('quote-line-qty')).toHaveText('36 ㎡');
  await expect(floor).toContainText('ENF');
  await expect(page.getByTestId('quote-line').filter({ hasText: '水电改造' }).first()).toBeVisible();
  await expect(page.getByTestId('quote-terms')).toBeVisible();
  await expect(page.getByTestId('quote-notes')).toBeVisible();
  await expect(page.getByTestId('quote-crew-note')).toContainText('施工队只看到要做什么');
  await expect(page.locator('body')).not.toContainText('¥');
  await expect(page.getByTestId('quote-line-total')).toHaveCount(0);
  await expect(page.getByTestId('quote-totals')).toHaveCount(0);
  await expect(page.getByTestId('quote-payment-plan')).toHaveCount(0);
  await expect(page.getByTestId('quote-terms')).not.toContainText('付款方式');
  await expect(page.getByTestId('quote-diff')).toHaveCount(0);
  await expect(page.getByTestId('confirm-panel')).toHaveCount(0);

  // Staff on the same revision see the money.
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await new LoginPage(staffPage).signIn('staff@demo.cn');
  await staffPage.goto(quoteUrl);
  await expect(staffPage.getByTestId('quote-page')).toBeVisible();
  await expect(staffPage.getByTestId('quote-total')).toHaveText(/^¥[\d,]+\.\d\d$/);
  await expect(staffPage.getByTestId('quote-payment-plan')).toContainText('¥');
  await expect(staffPage.getByTestId('quote-line').filter({ hasText: '圣象' })).toContainText('¥');
  await expect(staffPage.getByTestId('quote-crew-note')).toHaveCount(0);
  await staff.close();
});
