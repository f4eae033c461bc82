import { expect, test, type Page } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { open, start, tours, visit } from '../pages/screens';

// No screen may be wider than a phone: a page that overflows makes the phone widen its layout
// viewport, and sticky panels (the quote's step buttons) end up off screen or under content.
// Every main screen of every role is opened at the narrow phone widths in both languages.

const widths = [320, 360, 390, 430];

/** The document's scroll width against the viewport, and the elements that stick out, the
 * widest first (a short CSS path, its test id or class, and its right edge). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const describe = (el: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
        parts.unshift(`${e.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : cls}`);
      }
      return parts.join(' > ');
    };
    const offenders: { what: string; right: number }[] = [];
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
        if (!clipped) offenders.push({ what: describe(el), right: Math.round(r.right) });
      }
    }
    offenders.sort((a, b) => b.right - a.right);
    return {
      innerWidth: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      offenders: offenders.slice(0, 3).map((o) => `${o.what} (right edge ${o.right} px)`),
    };
  });
}

test.describe('no screen is wider than the phone', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'phone widths only');
  });

  for (const lang of ['zh', 'en'] as const) {
    for (const tour of tours) {
      test(`${tour.role} screens at 320–430 px (${lang})`, async ({ page }) => {
        test.setTimeout(240_000);
        const screens = await start(page, tour, lang);
        for (const width of widths) {
          await page.setViewportSize({ width, height: 780 });
          for (const screen of screens) {
            await visit(page, screen);
            const o = await overflow(page);
            const where = `${screen.name} (${screen.path}) at ${width} px`;
            expect.soft(o.innerWidth, `${where}: the layout viewport was widened`).toBe(width);
            expect
              .soft(o.scrollWidth, `${where} is ${o.scrollWidth} px wide; widest: ${o.offenders.join('; ')}`)
              .toBeLessThanOrEqual(width);
          }
        }
      });
    }
  }
});

/** The rendered size of each element a selector finds (at least one). */
async function sizes(page: Page, selector: string) {
  const found = page.locator(selector);
  await expect(found.first()).toBeVisible();
  return found.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { what: e.outerHTML.slice(0, 80), width: r.width, height: r.height };
    }),
  );
}

/** Every element a selector finds is at least 44 × 44 px. */
async function expectTappable(page: Page, selector: string) {
  for (const s of await sizes(page, selector)) {
    expect.soft(Math.round(s.width), `${selector}: ${s.what} is ${s.width} px wide`).toBeGreaterThanOrEqual(44);
    expect.soft(Math.round(s.height), `${selector}: ${s.what} is ${s.height} px high`).toBeGreaterThanOrEqual(44);
  }
}

test.describe('tap targets are at least 44 × 44 px on a phone', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'phone only');
  });

  test('title links, rating stars and checkboxes of a homeowner', async ({ page }) => {
    await new LoginPage(page).signIn('13800000003');
    await open(page, '/projects');
    await expectTappable(page, '[data-testid="project-link"]');
    const card = page.getByTestId('project-card').filter({ hasText: '滨江花园' });
    const id = (await card.getByTestId('project-link').first().getAttribute('href'))?.split('/').pop();
    await open(page, `/feedback/projects/${id}`);
    await expectTappable(page, '.stars [data-star]');
    // The claim's categories; its checkbox is tapped through its label, which holds it.
    await open(page, `/service/projects/${id}/claim`);
    await expectTappable(page, '[data-testid="category"]');
    await page.locator('[data-testid="category"][data-category="plumbing"]').click();
    await expectTappable(page, 'label:has(> input[type="checkbox"])');
  });
});
