import path from 'node:path';
import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { openProjectAs } from '../pages/projects';
import { ProgressPage } from '../pages/progress';

test('the homeowner signs off a passed node and sees the open rework with its due time', async ({ page }) => {
  await openProjectAs(page, '13800000001', '锦绣花园');
  const progress = new ProgressPage(page);
  await progress.openFromDiary();

  await expect(page.getByTestId('progress-summary')).toContainText('已完成 3/6');
  // Tiling failed an item: the rework shows what failed and when it is due (48 h).
  const tiling = progress.node('tiling_carpentry');
  await expect(tiling).toHaveAttribute('data-status', 'rework_open');
  const rework = tiling.getByTestId('rework-item');
  await expect(rework).toContainText('空鼓');
  await expect(rework.getByTestId('rework-due')).toContainText(/整改期限 \d+月\d+日 \d\d:\d\d/);
  await expect(tiling.locator('[data-testid="check-item"][data-result="fail"]')).toHaveCount(1);
  // A homeowner cannot close rework.
  await expect(tiling.getByTestId('close-rework')).toHaveCount(0);

  // Waterproofing passed: the homeowner signs it off and it is locked.
  const waterproofing = progress.node('waterproofing');
  await expect(waterproofing).toHaveAttribute('data-status', 'passed');
  await progress.signOff('waterproofing');
  await expect(waterproofing).toHaveAttribute('data-status', 'signed_off');
  await expect(waterproofing.getByTestId('signed-off-at')).toBeVisible();
  await expect(waterproofing.getByTestId('sign-off-button')).toHaveCount(0);
  await expect(page.getByTestId('progress-summary')).toContainText('已完成 3/6');

  // The signature is on the server: still signed off after a reload.
  await page.reload();
  await expect(progress.node('waterproofing')).toHaveAttribute('data-status', 'signed_off');
});

test('another homeowner cannot open this progress view', async ({ page }) => {
  const projects = await openProjectAs(page, '13800000001', '锦绣花园');
  const url = page.url();
  const id = url.split('/').pop();
  await page.getByTestId('sign-out').click().catch(() => {});
  const other = await page.context().browser()!.newContext();
  const p2 = await other.newPage();
  await new LoginPage(p2).signIn('13800000002');
  await p2.goto(`/care/projects/${id}/progress`);
  await expect(p2.getByTestId('error-banner')).toBeVisible();
  await expect(p2.getByTestId('node-card')).toHaveCount(0);
  await other.close();
});

test('the crew closes the open rework with an after photo; the homeowner sees it fixed', async ({ page, browser }) => {
  await openProjectAs(page, '13900000001', '锦绣花园');
  const progress = new ProgressPage(page);
  await progress.openFromDiary();
  const tiling = progress.node('tiling_carpentry');
  await tiling.getByTestId('close-rework').click();
  const form = tiling.getByTestId('close-rework-form');
  // Without a note and a photo it is refused in plain words.
  await form.getByTestId('send-close-rework').click();
  await expect(form.getByTestId('error-banner')).toBeVisible();
  await form.getByTestId('fix-note').fill('空鼓地砖已起出重铺，敲击复查无空鼓');
  await form.getByTestId('photo-input').setInputFiles(path.join(__dirname, '../fixtures/site-1.jpg'));
  await expect(form.getByTestId('upload-tile').first()).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await form.getByTestId('send-close-rework').click();
  await expect(tiling).toHaveAttribute('data-status', 'in_progress');
  await expect(tiling.locator('[data-testid="rework-item"][data-open="false"]')).toHaveCount(1);

  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await new LoginPage(ownerPage).signIn('13800000001');
  await ownerPage.goto(page.url());
  const fixed = new ProgressPage(ownerPage).node('tiling_carpentry').locator('[data-testid="rework-item"][data-open="false"]');
  await expect(fixed).toContainText('重铺');
  await expect(fixed.getByTestId('thumbnail')).toHaveCount(1);
  await owner.close();
});
