import { expect, type Locator, type Page } from '@playwright/test';

/** The crew's form for today's diary entry. */
export class DiaryFormPage {
  constructor(private readonly page: Page) {}

  async fill(entry: { work: string; materials?: string; problems?: string }) {
    await this.page.getByTestId('work-done').fill(entry.work);
    if (entry.materials) await this.page.getByTestId('materials').fill(entry.materials);
    if (entry.problems) await this.page.getByTestId('problems').fill(entry.problems);
  }

  /** Picks photos and waits until every one has uploaded. */
  async addPhotos(files: string[]) {
    await this.page.getByTestId('photo-input').setInputFiles(files);
    const tiles = this.page.getByTestId('upload-tile');
    await expect(tiles).toHaveCount(files.length);
    await expect(this.page.getByTestId('upload-progress')).toHaveCount(0, { timeout: 30_000 });
    await expect(this.page.getByTestId('upload-error')).toHaveCount(0);
  }

  async submit() {
    const submit = this.page.getByTestId('diary-submit');
    await expect(submit).toBeEnabled();
    await submit.click();
    await expect(this.page.getByTestId('timeline')).toBeVisible();
  }
}

/** A project's diary timeline, newest first. */
export class TimelinePage {
  constructor(private readonly page: Page) {}

  entries(): Locator {
    return this.page.getByTestId('entry-card');
  }

  entry(text: string): Locator {
    return this.entries().filter({ hasText: text });
  }
}

/** The full-screen photo viewer. */
export class PhotoViewer {
  constructor(private readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId('viewer');
  }
  image(): Locator {
    return this.page.getByTestId('viewer-image');
  }
  counter(): Locator {
    return this.page.getByTestId('viewer-counter');
  }
  async next() {
    await this.page.getByTestId('viewer-next').click();
  }
  async prev() {
    await this.page.getByTestId('viewer-prev').click();
  }
  originalLink(): Locator {
    return this.page.getByTestId('viewer-original');
  }
  async close() {
    await this.page.getByTestId('viewer-close').click();
    await expect(this.root()).toHaveCount(0);
  }
}
