import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';

test('the portal speaks Chinese by default and English on request, and remembers it', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('login-submit')).toHaveText(/登录/);

  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('login-submit')).toHaveText(/Sign in/i);

  await page.reload();
  await expect(page.getByTestId('login-submit')).toHaveText(/Sign in/i);

  // Errors speak the chosen language too.
  await page.getByTestId('login-input').fill('13800000001');
  await page.getByTestId('password-input').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('error-banner')).toBeVisible();
  await expect(page.getByTestId('error-banner')).not.toContainText(/[\u4e00-\u9fff]/);

  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('login-submit')).toHaveText(/登录/);
});

test('a homeowner signs in with a one-time code from the demo outbox', async ({ page, context }) => {
  await page.goto('/login');
  await page.getByTestId('tab-otp').click();
  await page.getByTestId('otp-phone').fill('13800000003');
  await page.getByTestId('otp-request').click();
  await expect(page.getByTestId('otp-sent')).toBeVisible();

  const outbox = await context.newPage();
  await outbox.goto('/outbox');
  const message = outbox.getByTestId('outbox-message').first();
  await expect(message).toContainText('138****0003');
  const body = (await message.getByTestId('outbox-body').textContent()) ?? '';
  const code = body.match(/\d{6}/)?.[0];
  expect(code).toBeTruthy();
  await outbox.close();

  await page.getByTestId('otp-code').fill(code!);
  await page.getByTestId('otp-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId('user-name')).toContainText('王芳');
});
