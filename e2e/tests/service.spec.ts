import path from 'node:path';
import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { openProjectAs } from '../pages/projects';
import { DeskPage, localDateTime, ServicePage } from '../pages/service';

test('a claim with a photo and a callback from a phone; staff on a desktop work them; the homeowner confirms the fix', async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one run covers both screens: a phone for the homeowner, a desktop for staff');
  const description = `厨房水槽下方水管接头滴水 ${Date.now()}`;

  // The homeowner, on a phone.
  const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2 });
  const owner = await phone.newPage();
  await openProjectAs(owner, '13800000003', '滨江花园', 'openHeader');
  const service = new ServicePage(owner);
  await service.openFromDiary();

  await owner.getByTestId('new-claim').click();
  await owner.locator('[data-testid="category"][data-category="plumbing"]').click();
  await expect(owner.getByTestId('coverage')).toHaveAttribute('data-coverage', 'covered');
  await owner.getByTestId('claim-description').fill(description);
  await owner.getByTestId('visit-slot').first().click();
  await owner.getByTestId('photo-input').setInputFiles(path.join(__dirname, '../fixtures/site-1.jpg'));
  await expect(owner.getByTestId('upload-tile').first()).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await owner.getByTestId('submit-claim').click();
  await expect(owner.getByTestId('item-page')).toBeVisible();
  await expect(service.status()).toHaveAttribute('data-status', 'received');
  await expect(owner.getByTestId('item-body')).toContainText(description);
  await expect(owner.getByTestId('thumbnail')).toHaveCount(1);
  await expect(owner.locator('[data-testid="deadline"]').first()).toHaveAttribute('data-clock', 'running');
  const claimUrl = owner.url();

  await service.backToHub();
  await owner.getByTestId('new-callback').click();
  await owner.getByTestId('slot').first().click();
  await owner.getByTestId('submit-callback').click();
  await expect(service.status()).toHaveAttribute('data-status', 'booked');
  await expect(owner.getByTestId('call-at')).toBeVisible();

  // Staff, on a desktop: both are in the queue with running clocks.
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const staffPage = await desktop.newPage();
  await new LoginPage(staffPage).signIn('staff@demo.cn');
  const desk = new DeskPage(staffPage);
  await desk.gotoQueue();
  const claimRow = desk.row('报修：水路');
  await expect(claimRow).toHaveAttribute('data-clock', 'running');
  await expect(claimRow.getByTestId('queue-clock')).toContainText('剩余');
  const callbackRow = desk.row('回电：施工进度').first();
  await expect(callbackRow).toBeVisible();
  // The demo's unanswered callback is red.
  await expect(desk.row('回电：报价')).toHaveAttribute('data-clock', 'breached');

  await claimRow.getByTestId('queue-link').click();
  await expect(staffPage.getByTestId('item-body')).toContainText(description);
  await desk.act('acknowledge');
  await expect(staffPage.getByTestId('item-status')).toHaveAttribute('data-status', 'acknowledged');
  await staffPage.getByTestId('action-when').fill(localDateTime(1, 10));
  await desk.act('schedule');
  await expect(staffPage.getByTestId('item-status')).toHaveAttribute('data-status', 'scheduled');
  await expect(staffPage.getByTestId('visit-at')).toBeVisible();
  await desk.act('arrive_on_site');
  await expect(staffPage.getByTestId('item-status')).toHaveAttribute('data-status', 'on_site');
  await staffPage.getByTestId('action-note').fill('更换水槽下水管接头和密封圈，通水测试无渗漏');
  await desk.act('resolve');
  await expect(staffPage.getByTestId('item-status')).toHaveAttribute('data-status', 'resolved');
  await expect(staffPage.getByTestId('audit-entry')).toHaveCount(5);
  // The history reads as sentences: who did what, times in words, no internal names.
  const trail = staffPage.getByTestId('audit-entry');
  await expect(trail.nth(1)).toContainText('已受理');
  await expect(trail.nth(2)).toContainText('预约上门：');
  for (const text of await trail.allTextContents()) {
    expect(text).not.toMatch(/→|acknowledged|scheduled|on_site|T\d\d:\d\d:\d\d/);
  }

  // Back on the phone: the homeowner confirms the fix.
  await owner.goto(claimUrl);
  await expect(service.status()).toHaveAttribute('data-status', 'resolved');
  await expect(owner.getByTestId('resolution')).toContainText('密封圈');
  await owner.getByTestId('action-confirm').click();
  await expect(service.status()).toHaveAttribute('data-status', 'confirmed');
  await expect(owner.getByTestId('item-actions')).toHaveCount(0);

  await phone.close();
  await desktop.close();
});

test('a claim whose answer is lost on a bad connection is filed once when the homeowner sends it again', async ({ page }) => {
  const description = `卫生间地漏返味 ${Date.now()}`;
  await openProjectAs(page, '13800000003', '滨江花园', 'openHeader');
  await new ServicePage(page).openFromDiary();
  const projectId = new URL(page.url()).pathname.split('/').pop();
  await page.getByTestId('new-claim').click();
  await page.locator('[data-testid="category"][data-category="plumbing"]').click();
  await page.getByTestId('claim-description').fill(description);
  await page.getByTestId('visit-slot').first().click();

  // The first send reaches the server, but its answer never comes back.
  const keys: string[] = [];
  await page.route('**/api/v1/projects/*/claims', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (keys.length === 1) {
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.getByTestId('submit-claim').click();
  await expect(page.getByTestId('error-banner')).toBeVisible();
  // Sent again: the same request with the same key, answered with the first claim.
  await page.getByTestId('submit-claim').click();
  await expect(page.getByTestId('item-page')).toBeVisible();
  await expect(page.getByTestId('item-body')).toContainText(description);
  expect(keys).toHaveLength(2);
  expect(keys[0]).not.toBe('');
  expect(keys[1]).toBe(keys[0]);
  const items = await (await page.request.get(`/api/v1/projects/${projectId}/items`)).json();
  expect(items.filter((i: { body: string }) => i.body === description)).toHaveLength(1);
});
