import { defineConfig } from '@playwright/test';

// Each profile gets its own portal (fresh SQLite database with demo data, own photo folder),
// so the phone and desktop runs never see each other's diary entries.
const servers = { phone: 18081, desktop: 18082 };

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ],
};

function server(name: string, port: number) {
  const dir = `.tmp/${name}`;
  return {
    command: `rm -rf ${dir} && mkdir -p ${dir} && exec ../target/debug/seed-portal`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      BIND: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${dir}/portal.db`,
      PHOTO_DIR: `${dir}/photos`,
      SPA_DIR: '../dist',
      DEMO: '1',
      // Specs sign in as the demo admin with the password alone; tests/totp.spec.ts starts a
      // portal of its own with the default rule (admins must set up a second factor).
      ADMIN_TOTP_REQUIRED: '0',
      RUST_LOG: 'warn',
    },
  };
}

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    launchOptions: chromium,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'phone',
      use: {
        baseURL: `http://127.0.0.1:${servers.phone}`,
        viewport: { width: 360, height: 780 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        userAgent:
          'Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36',
      },
    },
    {
      name: 'desktop',
      use: {
        baseURL: `http://127.0.0.1:${servers.desktop}`,
        viewport: { width: 1280, height: 800 },
      },
    },
  ],
  webServer: [server('phone', servers.phone), server('desktop', servers.desktop)],
});
