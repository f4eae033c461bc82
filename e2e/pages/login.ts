import { expect, type Page } from '@playwright/test';

/** The sign-in page: password and one-time-code tabs. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/login');
    await expect(this.page.getByTestId('login-submit')).toBeVisible();
  }

  /** Signs in with a phone/email and password and waits to leave the page. */
  async signIn(login: string, password = 'demo1234') {
    await this.goto();
    await this.page.getByTestId('login-input').fill(login);
    await this.page.getByTestId('password-input').fill(password);
    await this.page.getByTestId('login-submit').click();
    await expect(this.page).not.toHaveURL(/\/login/);
  }
}
