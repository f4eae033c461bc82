import { expect, test, type Page, type Request } from '@playwright/test';
import { LoginPage } from '../pages/login';

// One single-page app: moving between sections is history navigation (a marker set on
// `window` survives), deep links and reloads work on every route, back and forward work, and
// a section's wasm chunk is loaded only when that section is opened, and downloaded ahead
// (prefetched, not started) only for the signed-in role's sections.

/** The lazy route chunks requested so far (file names of `split_*.wasm`): `loaded` by the app
 *  (fetch, to start them), `prefetched` by the idle `<link rel="prefetch">` hints. */
function chunkLog(page: Page): { loaded: string[]; prefetched: string[] } {
  const log = { loaded: [] as string[], prefetched: [] as string[] };
  page.on('request', (r: Request) => {
    const m = r.url().match(/\/pkg\/[^/]+\/(split_[^/]+\.wasm)$/);
    if (m) (r.resourceType() === 'fetch' ? log.loaded : log.prefetched).push(m[1]);
  });
  return log;
}

const any = (log: { loaded: string[]; prefetched: string[] }) => [...log.loaded, ...log.prefetched];

async function mark(page: Page) {
  await page.evaluate(() => ((window as unknown as { __spa: number }).__spa = 42));
}

/** Signs in as a homeowner and lists their project's routes with the element each one shows. */
async function homeownerRoutes(page: Page): Promise<[string, string][]> {
  await new LoginPage(page).signIn('13800000001');
  await page.goto('/projects');
  const href = await page.getByTestId('project-link').first().getAttribute('href');
  const id = href?.split('/').pop();
  return [
    [`/projects/${id}`, 'project-header'],
    [`/care/projects/${id}/progress`, 'progress-page'],
    [`/quotes/projects/${id}`, 'quotes-page'],
    [`/service/projects/${id}`, 'new-claim'],
    [`/feedback/projects/${id}`, 'red-list'],
  ];
}

async function expectSamePage(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __spa?: number }).__spa)).toBe(42);
}

test('a homeowner moves diary → inspections → quotes → service → feedback and back without a page load', async ({ page }) => {
  const log = chunkLog(page);
  await new LoginPage(page).goto();
  // Signed out, nothing is prefetched: the sign-in page needs no chunk.
  await page.waitForLoadState('networkidle');
  expect(any(log)).toEqual([]);

  await page.getByTestId('login-input').fill('13800000003');
  await page.getByTestId('password-input').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/projects$/);
  await mark(page);
  // Once the first screen has settled, the homeowner's sections are downloaded ahead, not
  // started: no section chunk is loaded before it is opened.
  await expect(page.locator('link[rel="prefetch"][href*="split___quotes_view_"]')).toHaveCount(1);
  await expect.poll(() => log.prefetched.some((c) => c.includes('___quotes_view_'))).toBe(true);
  expect(log.loaded).toEqual([]);
  await page.getByTestId('project-card').filter({ hasText: '滨江花园' }).getByTestId('project-link').first().click();
  await expect(page.getByTestId('project-header')).toBeVisible();
  const diaryUrl = page.url();

  await page.getByTestId('progress-link').click();
  await expect(page).toHaveURL(/\/care\/projects\/[^/]+\/progress$/);
  await expect(page.locator('.node-list')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(diaryUrl);
  await expect(page.getByTestId('project-header')).toBeVisible();
  await page.goForward();
  await expect(page).toHaveURL(/\/progress$/);
  await page.goBack();

  await page.getByTestId('quotes-link').click();
  await expect(page.getByTestId('quotes-page')).toBeVisible();
  await page.goBack();
  await page.getByTestId('service-link').click();
  await expect(page).toHaveURL(/\/service\/projects\//);
  await expect(page.getByTestId('new-claim')).toBeVisible();
  await page.goBack();
  await page.getByTestId('feedback-link').click();
  await expect(page).toHaveURL(/\/feedback\/projects\//);
  await expect(page.getByTestId('red-list')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('project-header')).toBeVisible();
  await expectSamePage(page);

  // The homeowner's sections were loaded as they were opened; staff sections never, not even
  // downloaded ahead.
  for (const own of ['care', 'quotes', 'service', 'feedback']) {
    expect(log.loaded.some((c) => c.includes(`___${own}_view_`)), `${own} chunk in ${log.loaded}`).toBe(true);
  }
  for (const staff of ['desk', 'console', 'board']) {
    expect(any(log).some((c) => c.includes(`___${staff}_view_`)), `${staff} chunk fetched by a homeowner`).toBe(false);
  }
  // Each chunk is loaded once and downloaded ahead at most once.
  expect(new Set(log.loaded).size).toBe(log.loaded.length);
  expect(new Set(log.prefetched).size).toBe(log.prefetched.length);
});

test('deep links and reloads open every homeowner route; signed out, sign-in brings you back', async ({ page }) => {
  const routes = await homeownerRoutes(page);
  const id = routes[0][0].split('/').pop();
  for (const [path, testid] of routes) {
    await page.goto(path);
    await expect(page.getByTestId(testid), path).toBeVisible();
    await page.reload();
    await expect(page.getByTestId(testid), `${path} after reload`).toBeVisible();
  }
  // A lazy route's page preloads its chunks, and the app uses those downloads (one request
  // per chunk file).
  const fetched = chunkLog(page);
  const wasmRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm') && r.resourceType() !== 'other') wasmRequests.push(r.url());
  });
  await page.goto(`/care/projects/${id}/progress`);
  await expect(page.getByTestId('progress-page')).toBeVisible();
  expect(await page.locator('link[rel="preload"][href*="split___care_view_"]').count()).toBe(1);
  expect(any(fetched).filter((c) => c.includes('___care_view_'))).toHaveLength(1);
  expect(new Set(wasmRequests).size).toBe(wasmRequests.length);

  // An unknown address inside the app shows the not-found screen.
  await page.goto('/no/such/screen');
  await expect(page.getByTestId('not-found')).toBeVisible();

  // Signed out, a deep link goes to sign-in and back to where it pointed.
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`/quotes/projects/${id}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByTestId('login-input').fill('13800000001');
  await page.getByTestId('password-input').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(new RegExp(`/quotes/projects/${id}$`));
  await expect(page.getByTestId('quotes-page')).toBeVisible();
});

test('staff move queue → item → metrics → board → console without a page load', async ({ page }) => {
  const log = chunkLog(page);
  await new LoginPage(page).signIn('staff@demo.cn');
  await page.goto('/projects');
  await mark(page);
  await page.getByTestId('queue-nav').click();
  await expect(page.getByTestId('queue-page')).toBeVisible();
  await page.getByTestId('queue-link').first().click();
  await expect(page).toHaveURL(/\/desk\/items\//);
  await page.locator('a.back-link').click();
  await expect(page.getByTestId('queue-page')).toBeVisible();
  await page.locator('a.chip', { hasText: '服务指标' }).click();
  await expect(page.getByTestId('metrics-page')).toBeVisible();
  await page.locator('a.chip', { hasText: '服务队列' }).click();
  await expect(page.getByTestId('queue-page')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/desk\/metrics$/);
  await expectSamePage(page);
  // The header's brand leads home within the app.
  await page.getByTestId('brand').click();
  await expect(page).toHaveURL(/\/projects$/);
  await page.getByTestId('board-nav').click();
  await expect(page).toHaveURL(/\/board$/);
  await page.goBack();
  await page.getByTestId('project-link').first().click();
  await page.getByTestId('inspect-link').click();
  await expect(page).toHaveURL(/\/console\/projects\/[^/]+\/inspections$/);
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/projects$/);
  await expectSamePage(page);
  // Reload and deep links work on staff routes too.
  for (const path of ['/desk/queue', '/desk/metrics', '/board', '/console/checklists']) {
    await page.goto(path);
    await page.reload();
    await expect(page.locator('main.page h1').first(), path).toBeVisible();
  }
  for (const own of ['desk', 'board', 'console']) {
    expect(log.loaded.some((c) => c.includes(`___${own}_view_`)), `${own} chunk in ${log.loaded}`).toBe(true);
  }
  // No homeowner-only screens were fetched for staff, not even ahead.
  for (const other of ['service', 'feedback']) {
    expect(any(log).some((c) => c.includes(`___${other}_view_`)), `${other} fetched for staff`).toBe(false);
  }
});

test('a screen’s first reads come inside the page, and the app asks for none of them again', async ({ page }) => {
  const routes: [string, string][] = [['/projects', 'project-link'], ...(await homeownerRoutes(page))];
  for (const [path, testid] of routes) {
    const reads: string[] = [];
    const onRequest = (r: Request) => {
      const url = new URL(r.url());
      if (r.method() === 'GET' && url.pathname.startsWith('/api/') && !url.pathname.endsWith('/thumb')) {
        reads.push(url.pathname + url.search);
      }
    };
    page.on('request', onRequest);
    await page.goto(path);
    await expect(page.getByTestId(testid).first(), path).toBeVisible();
    await page.waitForLoadState('networkidle');
    page.off('request', onRequest);
    const inlined = await page.$eval('#first-data', (el) => Object.keys(JSON.parse(el.textContent ?? '{}')));
    // The page carried the screen's reads, and the app drew the screen from them.
    expect(inlined.length, `${path} carries its reads`).toBeGreaterThan(0);
    expect(reads.filter((r) => inlined.includes(r)), `${path}: read again`).toEqual([]);
  }
  // Each carried answer is used once: back on the list within the app, it is read afresh.
  await page.goto('/projects');
  await expect(page.getByTestId('project-link').first()).toBeVisible();
  await page.getByTestId('project-link').first().click();
  await expect(page.getByTestId('project-header')).toBeVisible();
  const again = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/projects');
  await page.goBack();
  await expect(page.getByTestId('project-link').first()).toBeVisible();
  await again;
});

test('the diary’s page starts its newest thumbnails with the page, and the app shows those downloads', async ({ page }) => {
  const routes = await homeownerRoutes(page);
  const thumbs: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/v1\/photos\/[^/]+\/thumb$/.test(r.url())) thumbs.push(new URL(r.url()).pathname);
  });
  await page.goto(routes[0][0]);
  await expect(page.getByTestId('project-header')).toBeVisible();
  const hinted = await page.$$eval('link[rel="preload"][as="image"]', (links) => links.map((l) => l.getAttribute('href') ?? ''));
  expect(hinted.length).toBeGreaterThan(0);
  expect(hinted.length).toBeLessThanOrEqual(4);
  await page.waitForLoadState('networkidle');
  const shown = await page.$$eval('img', (imgs) => imgs.map((i) => new URL((i as HTMLImageElement).src).pathname));
  for (const href of hinted) {
    expect(shown, `${href} is shown`).toContain(href);
    expect(thumbs.filter((t) => t === href), `${href} downloaded once`).toHaveLength(1);
  }
  // Signed out, the page names no picture.
  await page.context().clearCookies();
  await page.goto(routes[0][0]);
  expect(await page.locator('link[rel="preload"][as="image"]').count()).toBe(0);
});
