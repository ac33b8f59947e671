import { expect, type Locator, type Page, type Response } from '@playwright/test';

/** The study list as the specs drive it: by role and label, the way a reader finds things. */
export class StudyListPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly nameField: Locator;
  readonly idField: Locator;
  readonly modality: Locator;
  readonly studyDate: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Studies' });
    this.rows = this.table.locator('tbody tr');
    this.nameField = page.getByLabel('Patient name');
    this.idField = page.getByLabel('Patient ID');
    this.modality = page.getByLabel('Modality');
    this.studyDate = page.getByLabel('Study date');
  }

  /** Opens the list and waits for the first page of results. */
  async open(path = '/'): Promise<void> {
    await this.search(() => this.page.goto(path));
  }

  /**
   * Does something that searches, then waits for that QIDO-RS answer and for the table to settle.
   * `matches` picks the search by its query (typing searches several times while debounced).
   */
  async search(
    action: () => Promise<unknown>,
    matches: (query: URLSearchParams) => boolean = () => true,
  ): Promise<Response> {
    const answered = this.page.waitForResponse((response) => {
      const url = new URL(response.url());
      return url.pathname.endsWith('/studies') && response.request().method() === 'GET' && matches(url.searchParams);
    });
    await action();
    const response = await answered;
    // Settled: the table is no longer busy, or it gave way to the empty or error message.
    await expect(this.page.locator('table[aria-busy="true"]')).toHaveCount(0);
    return response;
  }

  /** Text of one column for every row. */
  async column(index: number): Promise<string[]> {
    return this.rows.locator(`td:nth-child(${index})`).allInnerTexts();
  }

  async studyUids(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-study-uid') ?? ''));
  }

  row(text: string | RegExp): Locator {
    return this.rows.filter({ hasText: text });
  }

  /** The row of one study (several corpus studies share a patient). */
  study(studyInstanceUID: string): Locator {
    return this.table.locator(`tbody tr[data-study-uid="${studyInstanceUID}"]`);
  }
}

export const COLUMN = {
  name: 1,
  id: 2,
  birth: 3,
  sex: 4,
  date: 5,
  modality: 6,
  description: 7,
  accession: 8,
  counts: 9,
} as const;
