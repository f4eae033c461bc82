import { expect, test } from '@playwright/test';
import { InspectorPage, QuoteEditorPage } from '../pages/console';
import { LoginPage } from '../pages/login';
import { openProjectAs } from '../pages/projects';

test('staff record an inspection with a failed item, which opens rework the homeowner sees', async ({ page, browser }) => {
  const projects = await openProjectAs(page, 'staff@demo.cn', '望京小区');
  const inspector = new InspectorPage(page);
  await inspector.openFromDiary();
  await expect(inspector.recorder()).toHaveAttribute('data-node', 'plumbing_electrical');

  const count = await inspector.items().count();
  expect(count).toBeGreaterThan(5);
  for (let i = 0; i < count; i++) {
    if (i === 1) await inspector.mark(i, 'fail', '打压测试10分钟后压降0.1MPa');
    else await inspector.mark(i, i === count - 1 ? 'not_applicable' : 'pass');
  }
  await page.getByTestId('save-results').click();
  await expect(inspector.recorder()).toHaveAttribute('data-status', 'rework_open');
  // The node cannot pass while rework is open: refused in plain words.
  await page.getByTestId('pass-node').click();
  await expect(page.getByTestId('error-banner')).toContainText('还有未完成的整改');
  // Its own words in English too (not a generic conflict).
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('error-banner')).toContainText('Rework is still open');

  // The homeowner sees the failed item and its rework, due in 48 hours.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await new LoginPage(ownerPage).signIn('13800000002');
  await ownerPage.goto(page.url().replace(/\/console\/projects\/([^/]+)\/inspections/, '/care/projects/$1/progress'));
  const node = ownerPage.locator('[data-testid="node-card"][data-node="plumbing_electrical"]');
  await expect(node).toHaveAttribute('data-status', 'rework_open');
  await expect(node.getByTestId('rework-item')).toContainText('压降');
  await expect(node.getByTestId('rework-due')).toBeVisible();
  await owner.close();
});

test('staff publish a change order from the latest revision; the homeowner sees what changed', async ({ page }) => {
  await openProjectAs(page, 'staff@demo.cn', '望京小区');
  await page.getByTestId('quotes-link').click();
  await page.getByTestId('new-revision').click();
  const editor = new QuoteEditorPage(page);
  await expect(editor.root()).toBeVisible();
  const before = await page.getByTestId('preview-total').textContent();
  await editor.materialCell(0, 7).fill('138.00');
  await expect(page.getByTestId('preview-total')).not.toHaveText(before ?? '');
  // A bad number is caught before sending.
  await editor.materialCell(1, 5).fill('abc');
  await expect(page.getByTestId('preview-error')).toBeVisible();
  await editor.materialCell(1, 5).fill('28');
  await page.getByTestId('publish-quote').click();
  await expect(page.getByTestId('quote-page')).toBeVisible();
  await expect(page.getByTestId('quote-status')).toHaveText('待您确认');
  await expect(page.getByTestId('quote-diff')).toContainText('与第1版相比');
  await expect(page.locator('[data-testid="quote-line"][data-highlight="line-changed"]')).toHaveCount(1);
  // Staff never get the homeowner's confirmation panel.
  await expect(page.getByTestId('confirm-panel')).toHaveCount(0);
});

test('a quote correction made from an out-of-date copy is refused and the newest copy offered', async ({ page, browser }) => {
  const projects = await openProjectAs(page, 'staff@demo.cn', '翠湖苑');
  const projectId = new URL(page.url()).pathname.split('/')[2];
  // A pending revision to correct in place: published from the latest one.
  const list = await (await page.request.get(`/api/v1/projects/${projectId}/quotes`)).json();
  const latest = await (await page.request.get(`/api/v1/quotes/${list[0].id}`)).json();
  const published = await page.request.post(`/api/v1/projects/${projectId}/quotes`, { data: latest.content });
  expect(published.status()).toBe(201);
  const revision = await published.json();

  await page.goto(`/console/projects/${projectId}/quotes/new`);
  const editor = new QuoteEditorPage(page);
  await expect(editor.root()).toBeVisible();
  await expect(page.getByTestId('save-correction')).toBeVisible();

  // Meanwhile a colleague corrects the same revision from another browser.
  const colleague = await browser.newContext();
  const colleaguePage = await colleague.newPage();
  await new LoginPage(colleaguePage).signIn('admin@demo.cn');
  const theirs = await colleague.request.put(`/api/v1/quotes/${revision.id}`, {
    data: { ...revision.content, special_notes: '同事刚改过的特别约定', version: revision.version },
  });
  expect(theirs.status()).toBe(200);
  await colleague.close();

  // This copy is out of date: nothing is saved, the page says so and offers the newest copy.
  await page.getByTestId('special-notes').fill('我这边的修改');
  await page.getByTestId('save-correction').click();
  await expect(page.getByTestId('stale-notice')).toContainText('已经被改过');
  await expect(page.getByTestId('quote-page')).toHaveCount(0);
  await page.getByTestId('reload-newest').click();
  await expect(editor.root()).toBeVisible();
  await expect(page.getByTestId('special-notes')).toHaveValue('同事刚改过的特别约定');
  await expect(page.getByTestId('stale-notice')).toHaveCount(0);
});

test('the admin edits a node checklist and the company keeps it', async ({ page }) => {
  await new LoginPage(page).signIn('admin@demo.cn');
  await page.goto('/projects');
  await page.getByTestId('checklists-link').click();
  await expect(page.getByTestId('checklists-page')).toBeVisible();
  await page.locator('[data-testid="checklist-tab"][data-node="painting"]').click();
  const rows = page.getByTestId('checklist-row');
  await expect(rows).toHaveCount(6);
  await page.getByTestId('checklist-add').click();
  await rows.last().getByTestId('checklist-text').fill('踢脚线与墙面交接处无开裂');
  await page.getByTestId('checklist-save').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await page.reload();
  await page.locator('[data-testid="checklist-tab"][data-node="painting"]').click();
  await expect(page.getByTestId('checklist-row')).toHaveCount(7);
  await expect(page.getByTestId('checklist-text').last()).toHaveValue('踢脚线与墙面交接处无开裂');
});

test('the admin keeps photo locations for staff, then turns it off again', async ({ page }) => {
  await new LoginPage(page).signIn('admin@demo.cn');
  await page.goto('/projects');
  await page.getByTestId('checklists-link').click();
  const keep = page.getByTestId('keep-photo-location');
  await expect(keep).toBeEnabled();
  await expect(keep).not.toBeChecked();
  await keep.check();
  await expect(keep).toBeEnabled();
  const on = await (await page.request.get('/api/v1/settings/photo-location')).json();
  expect(on.keep_for_staff).toBe(true);
  await page.reload();
  await expect(page.getByTestId('keep-photo-location')).toBeChecked();
  await page.getByTestId('keep-photo-location').uncheck();
  await expect(page.getByTestId('keep-photo-location')).toBeEnabled();
  const off = await (await page.request.get('/api/v1/settings/photo-location')).json();
  expect(off.keep_for_staff).toBe(false);
});
