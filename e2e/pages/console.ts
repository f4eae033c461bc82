import { expect, type Locator, type Page } from '@playwright/test';

/** The staff console: the inspector's recorder and the quote editor. */
export class InspectorPage {
  constructor(private readonly page: Page) {}

  /** Opens it from the project's diary page (staff see the "record inspection" link). */
  async openFromDiary() {
    await this.page.getByTestId('inspect-link').click();
    await expect(this.page.getByTestId('inspect-page')).toBeVisible();
    await expect(this.recorder()).toBeVisible();
  }

  recorder(): Locator {
    return this.page.getByTestId('node-recorder');
  }

  items(): Locator {
    return this.recorder().getByTestId('record-item');
  }

  /** Marks item `i` pass, fail (with a note) or not applicable. */
  async mark(i: number, result: 'pass' | 'fail' | 'not_applicable', note = '') {
    const item = this.items().nth(i);
    await item.getByTestId(`result-${result}`).check({ force: true });
    if (note) await item.getByTestId('item-note').fill(note);
  }
}

export class QuoteEditorPage {
  constructor(private readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId('quote-editor');
  }

  /** A cell of a material row: column 7 is the unit price in yuan. */
  materialCell(row: number, col: number): Locator {
    return this.page.getByTestId(`m-${row}-${col}`);
  }
}
