import { expect, type Page } from '@playwright/test';
import { LoginPage } from './login';

/** One main screen: where it is, and what to do there before it is checked (open the photo
 * viewer, switch to a tab). */
export interface Screen {
  name: string;
  path: string;
  prepare?: (page: Page) => Promise<void>;
}

/** Who opens the screens: the demo login (none: signed out) and which screens. */
export interface Tour {
  role: string;
  login?: string;
  screens: (page: Page) => Promise<Screen[]>;
}

/** Opens a path and waits until the screen has drawn its content (no spinner left). */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main.page')).toBeVisible();
  await expect(page.locator('.spinner')).toHaveCount(0, { timeout: 15_000 });
  await page.waitForLoadState('networkidle');
}

/** Opens a screen and does what it needs before a check. */
export async function visit(page: Page, screen: Screen) {
  await open(page, screen.path);
  if (screen.prepare) await screen.prepare(page);
}

/** The `href`s of the elements a selector finds on the current page (at least one). */
export async function hrefs(page: Page, selector: string): Promise<string[]> {
  await expect(page.locator(selector).first()).toBeVisible();
  return page.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).getAttribute('href') ?? ''));
}

/** The id of the signed-in user's project with this title (its diary link). */
async function projectId(page: Page, title?: string): Promise<string> {
  await open(page, '/projects');
  const cards = page.getByTestId('project-card');
  const card = title ? cards.filter({ hasText: title }) : cards.first();
  const href = await card.getByTestId('project-link').first().getAttribute('href');
  const id = href?.split('/').pop();
  expect(id, `a project ${title ?? ''}`).toBeTruthy();
  return id as string;
}

async function openViewer(page: Page) {
  await page.getByTestId('thumbnail').first().click();
  await expect(page.getByTestId('viewer-image')).toBeVisible();
}

/** Every main screen of the portal, by the demo role that opens it. */
export const tours: Tour[] = [
  {
    role: 'signed out',
    screens: async () => [
      { name: 'sign-in (password)', path: '/login' },
      {
        name: 'sign-in (code)',
        path: '/login',
        prepare: async (page) => {
          await page.getByTestId('tab-otp').click();
          await expect(page.getByTestId('otp-phone')).toBeVisible();
        },
      },
    ],
  },
  {
    role: 'homeowner in construction',
    login: '13800000001',
    screens: async (page) => {
      const id = await projectId(page, '锦绣花园');
      await open(page, `/quotes/projects/${id}`);
      const quotes = await hrefs(page, '[data-testid="quote-row"] a');
      return [
        { name: 'projects', path: '/projects' },
        { name: 'diary', path: `/projects/${id}` },
        { name: 'photo viewer', path: `/projects/${id}`, prepare: openViewer },
        { name: 'inspections', path: `/care/projects/${id}/progress` },
        { name: 'quotes', path: `/quotes/projects/${id}` },
        { name: 'quote', path: quotes[0] },
        { name: 'service hub', path: `/service/projects/${id}` },
        { name: 'feedback', path: `/feedback/projects/${id}` },
      ];
    },
  },
  {
    role: 'homeowner handed over',
    login: '13800000003',
    screens: async (page) => {
      const id = await projectId(page, '滨江花园');
      await open(page, `/service/projects/${id}`);
      const items = await hrefs(page, 'a.item-link');
      return [
        { name: 'service hub', path: `/service/projects/${id}` },
        { name: 'claim form', path: `/service/projects/${id}/claim` },
        { name: 'callback form', path: `/service/projects/${id}/callback` },
        { name: 'complaint form', path: `/service/projects/${id}/complaint` },
        { name: 'service item', path: items[0] },
        { name: 'ratings and survey', path: `/feedback/projects/${id}` },
        { name: 'inspections', path: `/care/projects/${id}/progress` },
      ];
    },
  },
  {
    role: 'crew',
    login: '13900000001',
    screens: async (page) => {
      const id = await projectId(page);
      return [
        { name: 'projects', path: '/projects' },
        { name: 'diary', path: `/projects/${id}` },
        { name: 'new diary entry', path: `/projects/${id}/diary/new` },
        { name: 'inspections', path: `/care/projects/${id}/progress` },
        { name: 'leaderboard', path: '/board' },
      ];
    },
  },
  {
    role: 'admin',
    login: 'admin@demo.cn',
    screens: async (page) => {
      const id = await projectId(page, '锦绣花园');
      await open(page, '/desk/queue');
      const items = await hrefs(page, '[data-testid="queue-link"]');
      return [
        { name: 'projects', path: '/projects' },
        { name: 'staff queue', path: '/desk/queue' },
        { name: 'desk item', path: items[0] },
        { name: 'desk metrics', path: '/desk/metrics' },
        { name: 'callback slots', path: '/desk/slots' },
        { name: 'leaderboard', path: '/board' },
        {
          name: 'leaderboard: a score explained, with its trend chart',
          path: '/board',
          prepare: async (page) => {
            await page.getByTestId('explain').first().click();
            await expect(page.getByTestId('explain-sentence').first()).toBeVisible();
            await page.waitForLoadState('networkidle');
          },
        },
        { name: 'survey results', path: '/board/surveys' },
        { name: 'inspection recorder', path: `/console/projects/${id}/inspections` },
        { name: 'quote editor', path: `/console/projects/${id}/quotes/new` },
        { name: 'checklists', path: '/console/checklists' },
        { name: 'new project', path: '/console/projects/new' },
        { name: 'edit project', path: `/console/projects/${id}/edit` },
        { name: 'account security', path: '/account/security' },
        { name: 'demo outbox', path: '/outbox' },
      ];
    },
  },
];

/** Signs in as the tour's role (or stays signed out) and lists its screens. */
export async function start(page: Page, tour: Tour, lang: 'zh' | 'en' = 'zh'): Promise<Screen[]> {
  if (tour.login) await new LoginPage(page).signIn(tour.login);
  else await open(page, '/login');
  if (lang === 'en') {
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  return tour.screens(page);
}
