import { expect, type Locator, type Page } from '@playwright/test';
import { LoginPage } from './login';

/** The list of the signed-in user's projects. */
export class ProjectsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/projects');
  }

  cards(): Locator {
    return this.page.getByTestId('project-card');
  }

  card(title: string): Locator {
    return this.cards().filter({ hasText: title });
  }

  /** Opens "post today's diary" on the project with this title. */
  async startDiary(title: string) {
    const card = this.card(title);
    await expect(card).toBeVisible();
    await card.getByTestId('post-diary').click();
    await expect(this.page.getByTestId('diary-form')).toBeVisible();
  }

  /** Opens a project without waiting for diary entries (a project may have none). */
  async openHeader(title: string) {
    await this.card(title).getByTestId('project-link').first().click();
    await expect(this.page.getByTestId('project-header')).toBeVisible();
  }

  async open(title: string) {
    await this.card(title).getByTestId('project-link').first().click();
    await expect(this.page.getByTestId('timeline')).toBeVisible();
  }
}

/** Signs in as `login` and opens the project with this title (`openHeader`: without waiting for
 * diary entries); returns the project list for going back to it. */
export async function openProjectAs(page: Page, login: string, title: string, how: 'open' | 'openHeader' = 'open') {
  await new LoginPage(page).signIn(login);
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects[how](title);
  return projects;
}
