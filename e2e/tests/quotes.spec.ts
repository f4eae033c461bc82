import { expect, test } from '@playwright/test';
import { openProjectAs } from '../pages/projects';
import { codeFromOutbox, QuotePage } from '../pages/quote';

test('the homeowner confirms the pending change order in three steps with the code from the outbox', async ({ page }) => {
  await openProjectAs(page, '13800000001', '锦绣花园');
  const quote = new QuotePage(page);
  await quote.openPendingFromDiary();

  // What changed since the confirmed revision is shown and highlighted.
  await expect(page.getByTestId('quote-diff')).toContainText('与第1版相比');
  await expect(page.getByTestId('quote-delta')).toHaveText(/^\+¥/);
  await expect(page.locator('[data-testid="quote-line"][data-highlight="line-added"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="quote-line"][data-highlight="line-changed"]')).toHaveCount(1);
  await expect(page.getByTestId('quote-total')).toHaveText(/^¥[\d,]+\.\d\d$/);

  // Step 1: schedule and payment plan.
  await quote.expectStep(1);
  await page.getByTestId('accept-terms').click();
  // Step 2: special notes; accepting sends the code.
  await quote.expectStep(2);
  await page.getByTestId('accept-notes').click();
  await quote.expectStep(3);
  await expect(page.getByTestId('code-sent')).toBeVisible();

  // A wrong code is refused in plain words; the right one confirms.
  const code = await codeFromOutbox(page);
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByTestId('quote-code').fill(wrong);
  await page.getByTestId('confirm-quote').click();
  // Said next to the code input (with the tries left), not in the reject form.
  await expect(page.getByTestId('field-error-code')).toContainText('验证码不对');
  await expect(page.getByTestId('field-error-code')).toContainText(/还可以再试 \d+ 次/);
  await expect(page.getByTestId('reject-form')).toHaveCount(0);
  // The same refusal in English, tries included.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('field-error-code')).toContainText(/That code is not right; \d+ tries? left/);
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('field-error-code')).toContainText('验证码不对');
  await page.getByTestId('quote-code').fill(code);
  await page.getByTestId('confirm-quote').click();

  await expect(quote.status()).toHaveText('已确认');
  await expect(page.getByTestId('quote-confirmed')).toContainText('张*');
  await expect(page.getByTestId('confirm-panel')).toHaveCount(0);
  await expect(page.getByTestId('print')).toBeVisible();

  // It stays confirmed after a reload (the server holds it), and the list says so.
  await page.reload();
  await expect(quote.status()).toHaveText('已确认');
});
