import path from 'node:path';
import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { ProjectsPage } from '../pages/projects';

test('a file that is not a photo is refused in plain words and nothing is posted', async ({ page }) => {
  await new LoginPage(page).signIn('13900000002');
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.startDiary('翠湖苑');
  await page.getByTestId('photo-input').setInputFiles([
    path.join(__dirname, '../fixtures/not-a-photo.jpg'),
    path.join(__dirname, '../fixtures/site-1.jpg'),
  ]);
  const failed = page.locator('[data-testid="upload-tile"][data-state="failed"]');
  await expect(failed).toHaveCount(1, { timeout: 30_000 });
  // The refusal is explained (Chinese by default), not a bare status code.
  await expect(failed.getByTestId('upload-error')).toContainText(/[\u4e00-\u9fff]/);
  await expect(failed.getByTestId('upload-error')).not.toContainText('415');
  await expect(page.locator('[data-testid="upload-tile"][data-state="done"]')).toHaveCount(1, { timeout: 30_000 });

  // Posting waits until the refused photo is removed.
  await expect(page.getByTestId('submit-hint')).toBeVisible();
  await expect(page.getByTestId('diary-submit')).toBeDisabled();
  await failed.getByTestId('upload-remove').click();
  await expect(page.getByTestId('upload-tile')).toHaveCount(1);

  // Required field: plain words next to the field, nothing stored.
  await page.getByTestId('diary-submit').click();
  await expect(page.getByTestId('field-error-work_done').or(page.getByTestId('error-banner')).first()).toBeVisible();
  const res = await page.request.get('/api/v1/projects');
  const mine = ((await res.json()) as { items: Array<{ title: string; today_entry_id: string | null }> }).items;
  expect(mine.find((p) => p.title.includes('翠湖苑'))?.today_entry_id).toBeNull();
});
