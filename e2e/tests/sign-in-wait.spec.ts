import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/login';

// After repeated wrong passwords the sign-in page says how long to wait, in words, in the
// chosen language (from the refusal's retry_after_secs). A number no account has, so no
// other spec's sign-in is held back.
test('too many wrong passwords: the page says when to try again', async ({ page }, testInfo) => {
  const login = new LoginPage(page);
  await login.goto();
  // One number per profile: the two profiles run against their own portals, but stay apart anyway.
  const number = testInfo.project.name === 'phone' ? '13811112201' : '13811112202';
  await page.getByTestId('login-input').fill(number);
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('password-input').fill(`wrong-${i}`);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByTestId('login-submit').click();
    expect((await answer).status()).toBe(401);
    await expect(page.getByTestId('error-banner')).toContainText('账号或密码不正确');
  }
  await page.getByTestId('password-input').fill('wrong-again');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('error-banner')).toContainText(/请 (30|29) 秒后再试/);

  await page.getByTestId('lang-toggle').click();
  await page.getByTestId('password-input').fill('wrong-again');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('error-banner')).toContainText(/try again in \d+ seconds/);
});
