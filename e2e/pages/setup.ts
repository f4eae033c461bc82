import { expect, type Page } from '@playwright/test';

/** What staff type to register a project. */
export interface NewProject {
  title: string;
  city: string;
  compound: string;
  building?: string;
  room: string;
  stage: string;
  crew?: string;
  homeowner: string;
  phone: string;
}

/** The staff console's project forms: register a project with its homeowner, edit it. */
export class ProjectSetupPage {
  constructor(private readonly page: Page) {}

  /** Opens the new-project form from the project list. */
  async openNew() {
    await this.page.goto('/projects');
    await this.page.getByTestId('new-project').click();
    await expect(this.page.getByTestId('new-project-form')).toBeVisible();
  }

  private field(name: string) {
    return this.page.getByTestId(`setup-${name}`);
  }

  /** Fills the form and sends it; waits for the new project's page and returns its id. */
  async create(p: NewProject): Promise<string> {
    await this.field('title').fill(p.title);
    await this.field('city').fill(p.city);
    await this.field('compound').fill(p.compound);
    if (p.building) await this.field('building').fill(p.building);
    await this.field('room').fill(p.room);
    await this.field('stage').selectOption(p.stage);
    if (p.crew) await this.field('crew_id').selectOption({ label: p.crew });
    await this.field('homeowner_name').fill(p.homeowner);
    await this.field('homeowner_phone').fill(p.phone);
    await this.page.getByTestId('setup-create').click();
    await expect(this.page).toHaveURL(/\/projects\/[^/]+$/);
    await expect(this.page.getByTestId('project-header')).toBeVisible();
    return new URL(this.page.url()).pathname.split('/').pop()!;
  }

  /** Opens a project's edit form. */
  async openEdit(id: string) {
    await this.page.goto(`/console/projects/${id}/edit`);
    await expect(this.page.getByTestId('edit-project-form')).toBeVisible();
  }

  /** Picks another crew and saves. */
  async assignCrew(crew: string) {
    await this.field('crew_id').selectOption({ label: crew });
    await this.page.getByTestId('setup-save').click();
    await expect(this.page.getByTestId('setup-saved')).toBeVisible();
  }
}
