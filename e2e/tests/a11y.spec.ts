import { expect, test, type Page } from '@playwright/test';
import { start, tours, visit } from '../pages/screens';

// Every main screen of every role, checked by axe-core on the phone and the desktop profile:
// no critical or serious violation (names of buttons and inputs, text alternatives of charts
// and photos, colour contrast, …). Moderate and minor findings are listed in the output.

const axePath = require.resolve('axe-core/axe.min.js');

// The portal's Content-Security-Policy allows no inline script; axe is injected as one.
test.use({ bypassCSP: true });

interface Hit {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; html: string }[];
}

/** Runs axe-core on the page as it is now, with its default rules (WCAG 2.x A and AA and best
 * practices). */
async function axe(page: Page): Promise<Hit[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: any[] }> } };
    const result = await w.axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'minor',
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n: any) => ({ target: String(n.target), html: String(n.html).slice(0, 160) })),
    }));
  });
}

const failing = new Set(['critical', 'serious']);

for (const tour of tours) {
  test(`no critical or serious accessibility violation: ${tour.role}`, async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const screens = await start(page, tour);
    const blocking: string[] = [];
    const counts: Record<string, number> = {};
    for (const screen of screens) {
      await visit(page, screen);
      const hits = await axe(page);
      for (const h of hits) counts[h.impact] = (counts[h.impact] ?? 0) + 1;
      if (hits.length) {
        console.log(
          `axe ${testInfo.project.name} · ${tour.role} · ${screen.name}: ` +
            hits.map((h) => `${h.id}(${h.impact}×${h.nodes.length})`).join(' '),
        );
      }
      for (const h of hits.filter((h) => failing.has(h.impact))) {
        const where = h.nodes.map((n) => `${n.target} ${n.html}`).join(' | ');
        blocking.push(`${screen.name}: ${h.id} (${h.impact}) ${h.help} — ${where}`);
      }
    }
    console.log(`axe ${testInfo.project.name} · ${tour.role} · ${screens.length} screens: ${JSON.stringify(counts)}`);
    expect(blocking, blocking.join('\n')).toEqual([]);
  });
}
