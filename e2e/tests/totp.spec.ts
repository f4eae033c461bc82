import { test as base, expect, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { LoginPage } from '../pages/login';

// Two-step sign-in (TOTP) for staff and admins. These tests turn it on for demo accounts that
// every other spec signs in with by password, so they run against a portal of their own (fresh
// demo database, one per worker), started with the server's default rule: admins must have a
// second factor (the shared test servers run with ADMIN_TOTP_REQUIRED=0).

/** RFC 6238 (SHA-1, 6 digits, 30 s steps): the code an authenticator app shows at `at`. */
function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/[\s=]/g, '').toUpperCase()]
    .map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0'))
    .join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step(at)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The 30-second time step of a moment. */
const step = (at = Date.now()) => Math.floor(at / 1000 / 30);

/** A code works once: waits for the app's next code after the step that was used. */
async function codeAfter(page: Page, secret: string, used: number): Promise<string> {
  while (step() <= used) await page.waitForTimeout(500);
  return totp(secret);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const test = base.extend<object, { portal: string }>({
  portal: [
    async ({}, use, workerInfo) => {
      const port = await freePort();
      const dir = `.tmp/totp-${workerInfo.project.name}-${workerInfo.workerIndex}`;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const server = spawn('../target/debug/seed-portal', [], {
        env: {
          ...process.env,
          BIND: `127.0.0.1:${port}`,
          DATABASE_URL: `sqlite://${dir}/portal.db`,
          PHOTO_DIR: `${dir}/photos`,
          SPA_DIR: '../dist',
          DEMO: '1',
          ADMIN_TOTP_REQUIRED: '1',
          RUST_LOG: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 150_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`the portal exited (${server.exitCode})`);
        const up = await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false);
        if (up) break;
        if (Date.now() > deadline) throw new Error('the portal did not start');
        await new Promise((r) => setTimeout(r, 250));
      }
      await use(url);
      server.kill();
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  baseURL: async ({ portal }, use) => use(portal),
});

test('the codes are RFC 6238 codes', () => {
  // RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890".
  expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082');
  expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1_111_111_109_000)).toBe('081804');
});

test('staff set up two-step sign-in, then sign in with the password and a code', async ({ page }) => {
  test.setTimeout(120_000);
  const login = new LoginPage(page);
  await login.signIn('staff@demo.cn');
  // The header's name opens the account's security settings.
  await page.getByTestId('user-name').click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByTestId('totp-state')).toHaveAttribute('data-state', 'off');

  await page.getByTestId('totp-start').click();
  const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByTestId('totp-secret')).toHaveText(secret.match(/.{4}/g)!.join(' '));
  await expect(page.getByTestId('otpauth-link')).toHaveAttribute('href', new RegExp(`^otpauth://totp/.*secret=${secret}`));
  // A wrong code is refused in words; the app's code turns it on.
  const used = step();
  const code = totp(secret);
  await page.getByTestId('confirm-code').fill(code === '000000' ? '111111' : '000000');
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('error-banner')).toContainText('验证码不对');
  await page.getByTestId('confirm-code').fill(code);
  await page.getByTestId('totp-confirm').click();
  // Ten recovery codes, shown once.
  const codes = page.getByTestId('recovery-code');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().textContent()) ?? '';
  expect(recovery).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await page.getByTestId('recovery-codes-done').click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(0);
  await expect(page.getByTestId('totp-state')).toHaveAttribute('data-state', 'on');
  await expect(page.getByTestId('totp-state')).toContainText('10');

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login/);

  // The password alone leads to the second step, not into the portal.
  await login.goto();
  await page.getByTestId('login-input').fill('staff@demo.cn');
  await page.getByTestId('password-input').fill('demo1234');
  await page.getByTestId('login-submit').click();
  // The form now asks for the code, in the password's field (cleared), the login kept.
  const code2 = page.getByTestId('password-input');
  await expect(page.getByTestId('password-form')).toContainText('身份验证器 App 的 6 位验证码或恢复码');
  await expect(code2).toHaveValue('');
  await expect(code2).toHaveAttribute('type', 'text');
  await expect(code2).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(page.getByTestId('login-input')).toHaveValue('staff@demo.cn');
  await expect(page.getByTestId('login-input')).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('sign-out')).toHaveCount(0);
  // A wrong code is refused in words, with the tries left.
  await code2.fill(totp(secret) === '000000' ? '111111' : '000000');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('error-banner')).toContainText('验证码不对，还可以再试 4 次');
  // The code that turned it on was used; the app's next one signs in.
  await code2.fill(await codeAfter(page, secret, used));
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId('user-name')).toContainText('赵敏');

  // Turning it off takes a code; a recovery code will do.
  await page.getByTestId('user-name').click();
  await expect(page.getByTestId('totp-state')).toHaveAttribute('data-state', 'on');
  await page.getByTestId('disable-code').fill(recovery);
  await page.getByTestId('totp-disable').click();
  await expect(page.getByTestId('totp-state')).toHaveAttribute('data-state', 'off');
});

test('an admin without a second factor is sent to set it up before anything else', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('login-input').fill('admin@demo.cn');
  await page.getByTestId('password-input').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByTestId('totp-required')).toBeVisible();
  await expect(page.getByTestId('totp-start')).toBeVisible();
  // Every other screen refuses in plain words until it is set up.
  await page.goto('/projects');
  await expect(page.getByTestId('error-banner')).toContainText('两步验证');
});
