import path from 'node:path';
import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { ProjectsPage } from '../pages/projects';
import { DiaryFormPage, PhotoViewer, TimelinePage } from '../pages/diary';

const photos = [path.join(__dirname, '../fixtures/site-1.jpg'), path.join(__dirname, '../fixtures/site-2.jpg')];
const PROJECT = '锦绣花园';

test('the crew posts today with two photos; the homeowner sees it and opens a photo; another homeowner sees nothing', async ({
  browser,
}) => {
  const work = `卫生间墙砖铺贴完成，阳角45度拼接 ${Date.now()}`;

  // The crew leader posts today's entry from the site.
  const crew = await browser.newContext();
  const crewPage = await crew.newPage();
  await new LoginPage(crewPage).signIn('13900000001');
  const projects = new ProjectsPage(crewPage);
  await projects.goto();
  await projects.startDiary(PROJECT);
  const form = new DiaryFormPage(crewPage);
  await form.fill({ work, materials: '瓷砖胶20袋', problems: '一块墙砖有色差，已更换' });
  await form.addPhotos(photos);
  await form.submit();
  const projectUrl = crewPage.url();
  const posted = new TimelinePage(crewPage).entry(work);
  await expect(posted).toBeVisible();
  await expect(posted.getByTestId('thumbnail')).toHaveCount(2);
  await crew.close();

  // The homeowner follows the site: the new entry is on top, photos open large.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await new LoginPage(ownerPage).signIn('13800000001');
  await ownerPage.goto(projectUrl);
  const timeline = new TimelinePage(ownerPage);
  await expect(timeline.entries().first()).toContainText(work);
  const entry = timeline.entry(work);
  await expect(entry.getByTestId('entry-problems')).toContainText('色差');
  await entry.getByTestId('thumbnail').first().click();
  const viewer = new PhotoViewer(ownerPage);
  await expect(viewer.root()).toBeVisible();
  await expect(viewer.image()).toHaveAttribute('src', /\/large$/);
  await expect(viewer.counter()).toContainText('1 / 2');
  await viewer.next();
  await expect(viewer.counter()).toContainText('2 / 2');
  await ownerPage.keyboard.press('ArrowLeft');
  await expect(viewer.counter()).toContainText('1 / 2');
  // The large image really loaded, and the original can be fetched by this homeowner.
  await expect
    .poll(() => viewer.image().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(400);
  const original = await viewer.originalLink().getAttribute('href');
  expect(original).toMatch(/\/original$/);
  const res = await ownerPage.request.get(original!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/jpeg');
  await ownerPage.keyboard.press('Escape');
  await expect(viewer.root()).toHaveCount(0);
  const largeUrl = await entry.getByTestId('thumbnail').first().evaluate((el) => {
    const img = el.tagName === 'IMG' ? (el as HTMLImageElement) : el.querySelector('img');
    return img ? img.getAttribute('src') : null;
  });
  await owner.close();

  // A second homeowner sees nothing of it: not in the list, not by URL, not by photo URL.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new LoginPage(otherPage).signIn('13800000002');
  await new ProjectsPage(otherPage).goto();
  await expect(otherPage.getByTestId('project-card').first()).toBeVisible();
  await expect(otherPage.getByText(PROJECT)).toHaveCount(0);
  await otherPage.goto(projectUrl);
  await expect(otherPage.getByTestId('not-found').or(otherPage.getByTestId('error-banner')).first()).toBeVisible();
  await expect(otherPage.getByText(work)).toHaveCount(0);
  const projectId = projectUrl.split('/projects/')[1].split(/[/?#]/)[0];
  expect((await otherPage.request.get(`/api/v1/projects/${projectId}/diary`)).status()).toBe(404);
  expect(largeUrl).toBeTruthy();
  expect((await otherPage.request.get(largeUrl!)).status()).toBe(404);
  expect((await otherPage.request.get(original!)).status()).toBe(404);
  await other.close();
});

test('the homeowner timeline loads older entries while scrolling', async ({ page }) => {
  await new LoginPage(page).signIn('13800000001');
  await page.goto('/projects');
  await new ProjectsPage(page).open(PROJECT);
  const timeline = new TimelinePage(page);
  await expect(timeline.entries().first()).toBeVisible();
  const first = await timeline.entries().count();
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThan(20);
  for (let i = 0; i < 6 && !(await page.getByTestId('timeline-end').isVisible()); i++) {
    await timeline.entries().last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(300);
  }
  await expect.poll(() => timeline.entries().count()).toBeGreaterThan(first);
  // Newest first, no day twice.
  const dates = await timeline.entries().getByTestId('entry-date').allTextContents();
  expect(new Set(dates).size).toBe(dates.length);
});
