import { manifest } from '../test/support/corpus';
import { BACKENDS, expect, test } from './fixtures';
import { COLUMN, StudyListPage } from './studyListPage';

function studyOf(seriesPath: string): string {
  const uid = manifest.entries.find((entry) => entry.path === seriesPath)?.studyInstanceUID;
  if (!uid) throw new Error(`The corpus has no ${seriesPath}`);
  return uid;
}
const ctStudyUID = studyOf('series/ct-philips-head-phantom-1mm/');
const mrStudyUID = studyOf('series/mr-studyforrest-t1w-brain-slab/');
const viewerUrl = (studyInstanceUID: string) =>
  new RegExp(`/viewer\\?StudyInstanceUIDs=${studyInstanceUID.replace(/\./g, '\\.')}$`);

// The same journeys against the embedded archive and against Orthanc behind the gateway: the
// list must not depend on one server's QIDO-RS quirks.
for (const backend of BACKENDS) {
  test.describe(`study list on ${backend}`, () => {
    let list: StudyListPage;

    test.beforeEach(async ({ page, backendUrl }) => {
      list = new StudyListPage(page);
      await list.open(`${backendUrl(backend)}/`);
    });

    test('shows the first page with every column and saves a screenshot', async ({ page }) => {
      await expect(list.rows.first()).toBeVisible();
      await expect(page.getByRole('columnheader')).toHaveText([
        'Patient name',
        'Patient ID',
        'Birth date',
        'Sex',
        'Study date',
        'Modality',
        'Description',
        'Accession',
        'Series / images',
        // Signed-in staff tick studies here to share them (e2e/sharing.spec.ts).
        'Share',
      ]);
      await list.search(
        () => list.idField.fill('PLASTIC'),
        (query) => query.get('PatientID') === 'PLASTIC*',
      );
      const ct = list.study(ctStudyUID);
      await expect(ct).toHaveCount(1);
      await expect(ct.locator(`td:nth-child(${COLUMN.date})`)).toHaveText('2015-02-06 09:28');
      await expect(ct.locator(`td:nth-child(${COLUMN.modality})`)).toHaveText('CT');
      await expect(ct.locator(`td:nth-child(${COLUMN.counts})`)).toHaveText('1 / 140');

      await list.search(() => page.getByRole('button', { name: 'Clear' }).click());
      await page.screenshot({ path: `test-results/screenshots/study-list-${backend}.png`, fullPage: false });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(page.getByRole('columnheader', { name: 'Accession' })).toBeHidden();
      await page.screenshot({ path: `test-results/screenshots/study-list-${backend}-phone.png` });
    });

    test('searches by patient name with implicit and explicit wildcards', async ({ page }) => {
      await list.search(
        () => list.nameField.fill('jane'),
        (query) => query.get('PatientName') === 'jane*',
      );
      await expect(page).toHaveURL(/[?&]name=jane(&|$)/);
      expect(await list.column(COLUMN.name)).toContain('Jane_Doe');

      await list.search(
        () => list.nameField.fill('*doe'),
        (query) => query.get('PatientName') === '*doe',
      );
      expect(await list.column(COLUMN.name)).toContain('Jane_Doe');

      // A filter picked while typing pauses survives the debounced name commit.
      await list.search(
        async () => {
          await list.nameField.fill('jan');
          await list.modality.selectOption('MR');
        },
        (query) => query.get('PatientName') === 'jan*' && query.get('ModalitiesInStudy') === 'MR',
      );
      await expect(page).toHaveURL(/name=jan&.*mod=MR/);
      expect(await list.studyUids()).toContain(mrStudyUID);
      await list.modality.selectOption('');

      await list.search(
        () => list.nameField.fill('zzzz-nobody'),
        (query) => query.get('PatientName') === 'zzzz-nobody*',
      );
      await expect(page.getByRole('status').filter({ hasText: 'No studies match' })).toBeVisible();
    });

    test('filters by modality and study date range', async ({ page }) => {
      await list.search(
        () => list.modality.selectOption('MR'),
        (query) => query.get('ModalitiesInStudy') === 'MR',
      );
      const modalities = await list.column(COLUMN.modality);
      expect(modalities.length).toBeGreaterThan(0);
      for (const value of modalities) expect(value.split(', ')).toContain('MR');
      expect(await list.studyUids()).toContain(mrStudyUID);

      await list.search(
        () => list.modality.selectOption(''),
        (query) => !query.has('ModalitiesInStudy'),
      );
      await list.studyDate.selectOption('custom');
      await page.getByLabel('From', { exact: true }).fill('2015-02-06');
      await list.search(
        () => page.getByLabel('To', { exact: true }).fill('2015-02-06'),
        (query) => query.get('StudyDate') === '20150206',
      );
      await expect(page).toHaveURL(/date=custom/);
      const dates = await list.column(COLUMN.date);
      expect(dates.length).toBeGreaterThan(0);
      for (const value of dates) expect(value).toMatch(/^2015-02-06/);
      expect(await list.studyUids()).toContain(ctStudyUID);

      // Nothing in the test archives is dated today, so the preset must come back empty.
      await list.search(
        () => list.studyDate.selectOption('today'),
        (query) => /^\d{8}$/.test(query.get('StudyDate') ?? ''),
      );
      await expect(page.getByText('No studies match')).toBeVisible();
    });

    test('pages through the archive with limit and offset', async ({ page }) => {
      const firstAnswer = await list.search(
        () => page.getByLabel('Per page').selectOption('25'),
        (query) => query.get('limit') === '26',
      );
      expect(new URL(firstAnswer.url()).searchParams.get('offset')).toBe('0');
      await expect(list.rows).toHaveCount(25);
      const pageOne = await list.studyUids();

      await list.search(
        () => page.getByRole('button', { name: 'Next ›' }).click(),
        (query) => query.get('offset') === '25',
      );
      await expect(page).toHaveURL(/page=2/);
      const pageTwo = await list.studyUids();
      expect(pageTwo.length).toBeGreaterThan(0);
      expect(pageTwo.filter((uid) => pageOne.includes(uid))).toEqual([]);
      await expect(page.getByText(/26–\d+ · page 2/)).toBeVisible();

      await list.search(
        () => page.getByRole('button', { name: '‹ Previous' }).click(),
        (query) => query.get('offset') === '0',
      );
      expect(await list.studyUids()).toEqual(pageOne);
    });

    test('sorts the page on the client without searching again', async ({ page }) => {
      let searches = 0;
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.endsWith('/studies')) searches++;
      });
      await page.getByRole('button', { name: 'Study date' }).click();
      await expect(page.getByRole('columnheader', { name: 'Study date' })).toHaveAttribute('aria-sort', 'ascending');
      const ascending = (await list.column(COLUMN.date)).filter(Boolean);
      expect(ascending).toEqual([...ascending].sort());
      await page.getByRole('button', { name: 'Study date' }).click();
      await expect(page.getByRole('columnheader', { name: 'Study date' })).toHaveAttribute('aria-sort', 'descending');
      const descending = (await list.column(COLUMN.date)).filter(Boolean);
      expect(descending).toEqual([...descending].sort().reverse());
      await expect(page.getByText('Sorted within this page only')).toBeVisible();
      expect(searches).toBe(0);
    });

    test('is usable from the keyboard and opens the CT study in the viewer', async ({ page }) => {
      await page.locator('body').press('/');
      await expect(list.nameField).toBeFocused();
      await list.search(
        () => page.keyboard.type('HEAD'),
        (query) => query.get('PatientName') === 'HEAD*',
      );
      await page.keyboard.press('ArrowDown');
      await expect(list.rows.nth(0)).toBeFocused();
      const count = await list.rows.count();
      if (count > 1) {
        await page.keyboard.press('ArrowDown');
        await expect(list.rows.nth(1)).toBeFocused();
        await page.keyboard.press('ArrowUp');
      }
      await expect(list.rows.nth(0)).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(list.nameField).toBeFocused();

      // The phantom's patient has a second, derived study: walk to the phantom's row.
      await list.search(
        () => list.idField.fill('PLASTIC'),
        (query) => query.get('PatientID') === 'PLASTIC*',
      );
      const position = (await list.studyUids()).indexOf(ctStudyUID);
      expect(position).toBeGreaterThanOrEqual(0);
      await list.idField.press('ArrowDown');
      await expect(list.rows.nth(0)).toBeFocused();
      for (let step = 0; step < position; step++) await page.keyboard.press('ArrowDown');
      await expect(list.study(ctStudyUID)).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(viewerUrl(ctStudyUID));
      await expect(list.table).toBeHidden();
      await expect(page.getByText('Page not found')).toBeHidden();

      await page.goBack();
      await expect(list.idField).toHaveValue('PLASTIC');
      await expect(list.study(ctStudyUID)).toHaveCount(1);

      await list.study(ctStudyUID).click();
      await expect(page).toHaveURL(viewerUrl(ctStudyUID));
    });
  });
}
