import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { PhotoViewer, TimelinePage } from '../pages/diary';

test('on a phone, swiping the large photo moves to the next and back', async ({ page, isMobile }) => {
  test.skip(!isMobile, 'touch gestures are a phone feature');
  await new LoginPage(page).signIn('13800000001');
  const timeline = new TimelinePage(page);
  await expect(timeline.entries().first()).toBeVisible();
  // An entry with at least two photos.
  const entry = timeline.entries().filter({ has: page.getByTestId('thumbnail').nth(1) }).first();
  await entry.getByTestId('thumbnail').first().click();
  const viewer = new PhotoViewer(page);
  await expect(viewer.counter()).toContainText(/^\s*1 \/ \d/);

  const cdp = await page.context().newCDPSession(page);
  const swipe = async (fromX: number, toX: number) => {
    const y = 400;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y }] });
    for (let step = 1; step <= 5; step++) {
      const x = fromX + ((toX - fromX) * step) / 5;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  await swipe(300, 60); // right to left: next photo
  await expect(viewer.counter()).toContainText(/^\s*2 \/ \d/);
  await swipe(60, 300); // left to right: previous photo
  await expect(viewer.counter()).toContainText(/^\s*1 \/ \d/);
});
