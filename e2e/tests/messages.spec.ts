import { expect, test, type Browser } from '@playwright/test';
import { LoginPage } from '../pages/login';

/** A signed-in page of its own context, with the id of the first project the user sees. */
async function signedIn(browser: Browser, login: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).signIn(login);
  const list = await (await page.request.get('/api/v1/projects')).json();
  return { context, page, projectId: list.items[0]?.id as string };
}

test('a callback slot that fills up while the homeowner chooses is refused in its own words, in both languages', async ({
  page,
  browser,
}, testInfo) => {
  // Staff open a slot with one place, at a time of this run's own.
  const staff = await signedIn(browser, 'staff@demo.cn');
  const starts = new Date(Date.now() + (testInfo.project.name === 'phone' ? 3 : 4) * 86_400_000);
  starts.setUTCSeconds(0, 0);
  const created = await staff.page.request.post('/api/v1/callback-slots', {
    data: { starts_at: starts.toISOString(), minutes: 30, capacity: 1 },
  });
  expect(created.status()).toBe(201);
  const slotId = (await created.json()).id as string;
  await staff.context.close();

  // The homeowner opens the booking form and picks that slot.
  await new LoginPage(page).signIn('13800000003');
  const list = await (await page.request.get('/api/v1/projects')).json();
  await page.goto(`/service/projects/${list.items[0].id}/callback`);
  const slot = page.locator(`[data-testid="slot"][data-slot-id="${slotId}"]`);
  await slot.click();
  await expect(slot).toHaveAttribute('aria-pressed', 'true');

  // Meanwhile another homeowner takes the only place.
  const other = await signedIn(browser, '13800000002');
  const taken = await other.page.request.post(`/api/v1/projects/${other.projectId}/callbacks`, {
    data: { topic: 'progress', slot_id: slotId },
  });
  expect(taken.status()).toBe(201);
  await other.context.close();

  // Booking now says the slot filled up (not a generic conflict), and nothing was booked.
  await page.getByTestId('submit-callback').click();
  await expect(page.getByTestId('error-banner')).toContainText('这个时间段刚被约满了');
  await expect(page.getByTestId('callback-form')).toBeVisible();
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('error-banner')).toContainText('That time slot has just filled up');
});
