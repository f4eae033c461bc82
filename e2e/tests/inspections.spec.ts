import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { ProjectsPage } from '../pages/projects';
import { ProgressPage } from '../pages/progress';

test('the homeowner signs off a passed node and sees the open rework with its due time', async ({ page }) => {
  await new LoginPage(page).signIn('13800000001');
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.open('锦绣花园');
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
  await new LoginPage(page).signIn('13800000001');
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.open('锦绣花园');
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
