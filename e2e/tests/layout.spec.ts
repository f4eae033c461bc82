import { expect, test, type Page } from '@playwright/test';
import { LoginPage } from '../pages/login';

// No screen may be wider than a phone: a page that overflows makes the phone widen its layout
// viewport, and sticky panels (the quote's step buttons) end up off screen or under content.
// Every main screen of every role is opened at the narrow phone widths in both languages.

const widths = [320, 360, 390, 430];

/** The widest element's right edge and the document's scroll width, against the viewport. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const offenders: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1 && getComputedStyle(el).position !== 'fixed') {
        // Skip elements inside a scroll container that is itself within the viewport.
        let p = el.parentElement;
        let clipped = false;
        while (p && p !== document.body) {
          const o = getComputedStyle(p).overflowX;
          if ((o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') && p.getBoundingClientRect().right <= vw + 1) {
            clipped = true;
            break;
          }
          p = p.parentElement;
        }
        if (!clipped) {
          const id = el.getAttribute('data-testid') ?? el.className ?? '';
          offenders.push(`${el.tagName.toLowerCase()}.${String(id).slice(0, 40)} right=${Math.round(r.right)}`);
        }
      }
    }
    return {
      innerWidth: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      offenders: offenders.slice(0, 5),
    };
  });
}

/** Opens a path and waits until the screen has drawn its content (no spinner left). */
async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main.page')).toBeVisible();
  await expect(page.locator('.spinner')).toHaveCount(0, { timeout: 15_000 });
  await page.waitForLoadState('networkidle');
}

async function checkAll(page: Page, paths: string[], width: number) {
  for (const path of paths) {
    await open(page, path);
    const o = await overflow(page);
    expect.soft(o.innerWidth, `${path} at ${width}px: the layout viewport was widened`).toBe(width);
    expect.soft(o.scrollWidth, `${path} at ${width}px is wider than the screen: ${o.offenders.join('; ')}`).toBeLessThanOrEqual(width);
  }
}

async function hrefs(page: Page, selector: string): Promise<string[]> {
  await expect(page.locator(selector).first()).toBeVisible();
  return page.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).getAttribute('href') ?? ''));
}

test.describe('no screen is wider than the phone', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'phone widths only');
  });

  for (const lang of ['zh', 'en'] as const) {
    test(`homeowner screens at 320–430 px (${lang})`, async ({ page }) => {
      test.setTimeout(240_000);
      await new LoginPage(page).signIn('13800000001');
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await page.goto('/projects');
      const project = (await hrefs(page, '[data-testid="project-link"]'))[0];
      const id = project.split('/').pop();
      await page.goto(`/quotes/projects/${id}`);
      const quotes = await hrefs(page, '[data-testid="quote-row"] a');
      const paths = [
        '/projects',
        project,
        `/projects/${id}/diary/new`,
        `/care/projects/${id}/progress`,
        `/quotes/projects/${id}`,
        ...quotes,
        `/feedback/projects/${id}`,
        '/outbox',
      ];
      for (const width of widths) {
        await page.setViewportSize({ width, height: 780 });
        await checkAll(page, paths, width);
      }
    });

    test(`homeowner service screens at 320–430 px (${lang})`, async ({ page }) => {
      test.setTimeout(240_000);
      await new LoginPage(page).signIn('13800000003');
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await page.goto('/projects');
      const cards = page.getByTestId('project-card').filter({ hasText: '滨江花园' });
      const project = await cards.getByTestId('project-link').first().getAttribute('href');
      const id = project?.split('/').pop();
      await page.goto(`/service/projects/${id}`);
      const items = await hrefs(page, 'a.item-link');
      const paths = [
        `/service/projects/${id}`,
        `/service/projects/${id}/claim`,
        `/service/projects/${id}/callback`,
        `/service/projects/${id}/complaint`,
        items[0],
        `/feedback/projects/${id}`,
      ];
      for (const width of widths) {
        await page.setViewportSize({ width, height: 780 });
        await checkAll(page, paths, width);
      }
    });

    test(`staff and admin screens at 320–430 px (${lang})`, async ({ page }) => {
      test.setTimeout(240_000);
      await new LoginPage(page).signIn('admin@demo.cn');
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await page.goto('/projects');
      const project = (await hrefs(page, '[data-testid="project-link"]'))[0];
      const id = project.split('/').pop();
      await page.goto('/desk/queue');
      const items = await hrefs(page, '[data-testid="queue-link"]');
      const paths = [
        '/projects',
        '/desk/queue',
        items[0],
        '/desk/metrics',
        '/desk/slots',
        '/board',
        '/board/surveys',
        `/console/projects/${id}/inspections`,
        `/console/projects/${id}/quotes/new`,
        '/console/checklists',
      ];
      for (const width of widths) {
        await page.setViewportSize({ width, height: 780 });
        await checkAll(page, paths, width);
      }
    });
  }
});
