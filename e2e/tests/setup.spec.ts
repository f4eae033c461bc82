import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { LoginPage } from '../pages/login';
import { ProjectsPage } from '../pages/projects';
import { DiaryFormPage, TimelinePage } from '../pages/diary';
import { ProjectSetupPage } from '../pages/setup';

/** A number no other run used (retries and both profiles register their own homeowner). */
function freshPhone(): string {
  return `136${String(Date.now() % 100_000_000).padStart(8, '0')}`;
}

/** The newest sign-in code texted to `phone`, read from the demo outbox. */
async function codeFor(browser: Browser, baseURL: string, phone: string): Promise<string> {
  const ctx = await browser.newContext({ baseURL });
  const outbox = await ctx.newPage();
  await outbox.goto('/outbox');
  const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const message = outbox.getByTestId('outbox-message').filter({ hasText: masked }).filter({ hasText: '验证码' }).first();
  await expect(message).toBeVisible();
  const body = (await message.getByTestId('outbox-body').textContent()) ?? '';
  await ctx.close();
  const code = body.match(/\d{6}/)?.[0];
  expect(code, body).toBeTruthy();
  return code!;
}

test('the admin registers a project; the invited homeowner signs in with a code, accepts the agreement and sees it; the assigned crew posts its diary', async ({
  page,
  browser,
  baseURL,
}) => {
  const phone = freshPhone();
  const title = `滨湖花园 ${phone.slice(-4)}`;

  // The admin registers the project with its homeowner; the homeowner gets an invitation.
  await new LoginPage(page).signIn('admin@demo.cn');
  const setup = new ProjectSetupPage(page);
  await setup.openNew();
  // A wrong number is refused in plain words before anything is sent.
  await page.getByTestId('setup-homeowner_phone').fill('12345');
  await page.getByTestId('setup-create').click();
  await expect(page.getByTestId('error-banner')).toBeVisible();
  const id = await setup.create({
    title,
    city: '苏州市吴中区',
    compound: '滨湖花园',
    building: '3幢',
    room: '502室',
    stage: 'construction',
    crew: '陈师傅班组',
    homeowner: '孙丽',
    phone,
  });
  // Then the crew changes: the admin assigns 刘师傅班组 instead.
  await setup.openEdit(id);
  await setup.assignCrew('刘师傅班组');

  // The homeowner follows the invitation's link, signs in with a code and accepts first.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await ownerPage.goto(`/projects/${id}`);
  await expect(ownerPage).toHaveURL(/\/login/);
  await ownerPage.getByTestId('tab-otp').click();
  await ownerPage.getByTestId('otp-phone').fill(phone);
  await ownerPage.getByTestId('otp-request').click();
  await expect(ownerPage.getByTestId('otp-sent')).toBeVisible();
  await ownerPage.getByTestId('otp-code').fill(await codeFor(browser, baseURL!, phone));
  await ownerPage.getByTestId('otp-submit').click();
  await expect(ownerPage.getByTestId('agreement-page')).toBeVisible();
  await expect(ownerPage.getByTestId('agreement-accept')).toBeDisabled();
  await ownerPage.getByTestId('agreement-check').check();
  await ownerPage.getByTestId('agreement-accept').click();
  // On to the page the link named: the new, empty project.
  await expect(ownerPage).toHaveURL(new RegExp(`/projects/${id}$`));
  await expect(ownerPage.getByTestId('project-header')).toContainText(title);
  const list = new ProjectsPage(ownerPage);
  await list.goto();
  await expect(list.cards()).toHaveCount(1);
  await expect(list.card(title).getByTestId('project-diary-count')).toBeVisible();

  // The assigned crew posts today's entry to it; the homeowner sees it.
  const crew = await browser.newContext();
  const crewPage = await crew.newPage();
  await new LoginPage(crewPage).signIn('13900000001');
  const crewList = new ProjectsPage(crewPage);
  await crewList.goto();
  await crewList.startDiary(title);
  const work = `新项目开工：拆除旧橱柜 ${phone.slice(-4)}`;
  const form = new DiaryFormPage(crewPage);
  await form.fill({ work });
  await form.addPhotos([path.join(__dirname, '../fixtures/site-1.jpg')]);
  await form.submit();
  await crew.close();

  await ownerPage.goto(`/projects/${id}`);
  await expect(new TimelinePage(ownerPage).entry(work)).toBeVisible();
  await owner.close();
});
