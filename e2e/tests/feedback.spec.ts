import { expect, test } from '@playwright/test';
import { FeedbackPage } from '../pages/feedback';
import { LoginPage } from '../pages/login';
import { ProjectsPage } from '../pages/projects';

test('the homeowner rates the crew after a node and answers the due survey on a phone; staff see a score explained', async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one run covers both screens: a phone for the homeowner, a desktop for staff');
  const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2 });
  const page = await phone.newPage();
  await new LoginPage(page).signIn('13800000003');
  const projects = new ProjectsPage(page);
  const feedback = new FeedbackPage(page);

  // Rate the crew for the signed-off kickoff node.
  await projects.goto();
  await projects.open('翠湖苑');
  await feedback.openFromDiary();
  const kickoff = feedback.slot('kickoff');
  await expect(kickoff).toHaveAttribute('data-rated', 'false');
  // Sending without every star is refused in plain words.
  await kickoff.getByTestId('save-rating').click();
  await expect(kickoff.getByTestId('error-banner')).toBeVisible();
  await feedback.stars(kickoff, [5, 4, 5, 4]);
  await kickoff.getByTestId('rating-comment').fill('交底很细致，工地保护做得好');
  await kickoff.getByTestId('save-rating').click();
  await expect(feedback.slot('kickoff')).toHaveAttribute('data-rated', 'true');
  await page.reload();
  await expect(feedback.slot('kickoff')).toHaveAttribute('data-rated', 'true');
  await expect(page.getByTestId('red-list')).toBeVisible();

  // Answer the one-week survey of the home handed over last week.
  await projects.goto();
  // No diary on this project (handed over before the demo's diary starts).
  await projects.openHeader('滨江花园');
  await feedback.openFromDiary();
  const survey = page.locator('[data-testid="survey"][data-status="overdue"]').first();
  await expect(survey).toBeVisible();
  await feedback.stars(survey, [5, 5, 4, 5, 4]);
  await survey.getByTestId('nps').selectOption('9');
  await survey.getByTestId('suggestions').fill('希望售后响应再快一些');
  await survey.getByTestId('send-survey').click();
  await expect(page.locator('[data-testid="survey"][data-status="answered"]')).toHaveCount(1);
  await phone.close();

  // Staff, on a desktop: the leaderboard, and how one score was made.
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const staff = await desktop.newPage();
  await new LoginPage(staff).signIn('staff@demo.cn');
  await staff.goto('/projects');
  await staff.getByTestId('board-nav').click();
  await expect(staff.getByTestId('board-page')).toBeVisible();
  const rows = staff.getByTestId('board-table-row');
  await expect(rows).toHaveCount(2);
  await rows.first().getByTestId('explain').click();
  const explanation = staff.getByTestId('explanation');
  await expect(explanation.getByTestId('explain-part')).toHaveCount(5);
  await expect(explanation).toContainText('业主评分');
  // Each part is a sentence, never a formula dump of machine names.
  await expect(explanation.getByTestId('explain-sentence')).toHaveCount(5);
  await expect(explanation.getByTestId('explain-sentence').first()).toContainText('本周');
  await expect(explanation).not.toContainText('_milli');
  await expect(explanation).not.toContainText('prior_weight');
  await expect(explanation.getByTestId('trend-chart')).toBeVisible();
  // The parts add up to the total shown.
  const parts = await explanation.getByTestId('explain-part').evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-contribution'))),
  );
  const total = Number(await explanation.getByTestId('explain-total').textContent());
  expect(Math.abs(parts.reduce((a, b) => a + b, 0) / 1000 - total)).toBeLessThan(0.11);
  await desktop.close();
});

test('a crew sees the leaderboard and its own ratings with comments but no homeowner', async ({ page }) => {
  await new LoginPage(page).signIn('13900000002');
  await page.goto('/projects');
  await page.getByTestId('board-nav').click();
  await expect(page.getByTestId('board-table-row').first()).toBeVisible();
  const own = page.getByTestId('own-ratings');
  await expect(own.getByTestId('crew-rating').first()).toBeVisible();
  await expect(own).toContainText('陈师傅班组');
  await expect(own).not.toContainText('王芳');
  await expect(own).not.toContainText('翠湖苑');
});
