import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devices, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { corpusDir, manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { parsePart10, randomUid } from './support/part10';
import { retrieveSeries, seriesUidOf, studySeries } from './support/replyStudy';
import { saveScreenshot } from './support/screenshots';
import { stowOne, writeHeaders } from './support/stow';
import { ViewerPage } from './support/viewerPage';

// A patient's whole journey on a phone-density canvas, drawn by SwiftShader on shared CPUs.
test.describe.configure({ timeout: 240_000 });

const BIRTH_DATE = '1980-02-15';
/** The corpus CT: in the archive, and another patient's. */
const OTHER_STUDY = manifest.entries.find(
  (entry) => entry.path === 'series/ct-philips-head-phantom-1mm/',
)!.studyInstanceUID!;

/** Playwright's phone profile, in the Chromium the suite drives (it names WebKit for Apple devices). */
function phone(): BrowserContextOptions {
  const { defaultBrowserType: _browser, ...options } = devices['iPhone 13'];
  return options;
}

interface PatientData {
  patientID: string;
  patientName: string;
  /** The newer study: three CT slices and a structured report. */
  recent: string;
  /** The older study: one CT slice. */
  older: string;
}

/**
 * A patient of their own for this run (a fresh Patient ID, so the link sees exactly these two
 * studies whatever else the archive holds): corpus files under new UIDs, the patient's identity
 * and study details set with dcmodify, stored by STOW-RS as the e2e administrator.
 */
async function storePatient(gatewayUrl: string): Promise<PatientData> {
  const run = Date.now().toString(36);
  const data: PatientData = {
    patientID: `E2E-PATIENT-${run}`,
    patientName: `E2E^Patient ${run}`,
    recent: randomUid(),
    older: randomUid(),
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'secondread-patient-'));
  const files: { source: string; study: string; series: string; date: string; description: string }[] = [];
  const recentCt = randomUid();
  for (const slice of ['ct-01.dcm', 'ct-02.dcm', 'ct-03.dcm'])
    files.push({
      source: path.join(corpusDir, `series/ct-liver-3slice-with-seg/${slice}`),
      study: data.recent,
      series: recentCt,
      date: '20240301',
      description: 'CT abdomen',
    });
  files.push({
    source: path.join(corpusDir, 'kinds/sr/sr-comprehensive-nested.dcm'),
    study: data.recent,
    series: randomUid(),
    date: '20240301',
    description: 'CT abdomen',
  });
  files.push({
    source: path.join(corpusDir, 'series/ct-liver-3slice-with-seg/ct-01.dcm'),
    study: data.older,
    series: randomUid(),
    date: '20220110',
    description: 'CT follow-up',
  });
  try {
    const headers = await writeHeaders(gatewayUrl);
    for (const [index, file] of files.entries()) {
      const copy = path.join(dir, `${index}.dcm`);
      await copyFile(file.source, copy);
      const set = (tag: string, value: string) => ['-i', `${tag}=${value}`];
      execFileSync('dcmodify', [
        '-nb',
        '-gin',
        ...set('(0010,0010)', data.patientName),
        ...set('(0010,0020)', data.patientID),
        ...set('(0010,0030)', BIRTH_DATE.replaceAll('-', '')),
        ...set('(0020,000d)', file.study),
        ...set('(0020,000e)', file.series),
        ...set('(0008,0020)', file.date),
        ...set('(0008,1030)', file.description),
        copy,
      ]);
      const stored = await stowOne(`${gatewayUrl}/dicomweb`, new Uint8Array(await readFile(copy)), headers);
      if (stored.status !== 200) throw new Error(`STOW of ${file.source} answered ${stored.status}: ${stored.text}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return data;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const sopOf = (file: Uint8Array) => parsePart10(file).string('x00080018') ?? '';

/** Study Instance UIDs that QIDO-RS answers to this page's own session (what its viewer could reach). */
async function studiesSeenBy(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const response = await fetch('/dicomweb/studies', { headers: { accept: 'application/dicom+json' } });
    const body = (await response.json()) as Record<string, { Value?: string[] }>[];
    return body.map((study) => study['0020000D']?.Value?.[0] ?? '');
  });
}

async function freshPhone(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...phone(), baseURL, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

test.describe('patient links', () => {
  test('staff make a patient link; the patient proves their birth date on a phone, reads, downloads and forwards', async ({
    page: staff,
    browser,
    archiveUrl,
  }) => {
    const patient = await storePatient(archiveUrl);

    // Staff (signed in by the fixture) make a link for the Patient ID; the handout shows it once.
    await staff.goto('/patient-links');
    await staff.getByLabel('Patient ID').fill(patient.patientID);
    await staff.getByRole('button', { name: 'New patient link…' }).click();
    const dialog = staff.getByRole('dialog', { name: 'Patient link' });
    await expect(dialog).toContainText(`Every study of Patient ID ${patient.patientID}`);
    await expect(dialog.getByLabel('90 days')).toBeChecked();
    await expect(dialog.getByLabel(/Allow the patient to download/)).toBeChecked();
    await dialog.getByRole('button', { name: 'Create patient link' }).click();
    const handout = staff.getByRole('article', { name: 'Patient handout' });
    // The patient's name as the gateway words it for people, whatever its order.
    await expect(handout).toContainText(patient.patientName.split(' ')[1]!);
    await expect(handout).toContainText('2 studies');
    await expect(handout).toContainText('You will be asked for your date of birth');
    await expect(handout.getByRole('img', { name: 'QR code of the patient link' })).toBeVisible();
    const link = (await handout.getByLabel('Link address').textContent())!.trim();
    const accessCode = (await handout.getByLabel('Access code').textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${archiveUrl.replace(/[.:/]/g, '\\$&')}/p/[A-Za-z0-9_-]{22,}$`));
    expect(accessCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(handout).toContainText(`${archiveUrl.replace(/^https?:\/\//, '')}/p`);
    await saveScreenshot(staff, 'patient-handout');

    // The patient's phone: a wrong birth date, then the right one.
    const { context: phoneContext, page: phonePage } = await freshPhone(browser, archiveUrl);
    await phonePage.goto(link);
    await expect(phonePage.getByRole('heading', { name: 'See your images' })).toBeVisible();
    await phonePage.getByLabel('Your date of birth').fill('1980-02-16');
    await phonePage.getByRole('button', { name: 'Show my images' }).click();
    await expect(phonePage.getByRole('alert')).toContainText('4 tries left');
    await phonePage.getByLabel('Your date of birth').fill(BIRTH_DATE);
    await phonePage.getByRole('button', { name: 'Show my images' }).click();
    await expect(phonePage).toHaveURL(/\/patient$/);
    expect(phonePage.url()).not.toContain(link.split('/p/')[1]!);

    // Their studies, newest first; the one with a report says so.
    await expect(phonePage.getByRole('status', { name: 'Your images' })).toContainText('link ends');
    const cards = phonePage.getByRole('list', { name: 'Your studies' }).getByRole('listitem');
    await expect(cards).toHaveCount(2);
    await expect(cards.nth(0)).toHaveAttribute('data-study-uid', patient.recent);
    await expect(cards.nth(0)).toContainText('2024-03-01');
    await expect(cards.nth(0)).toContainText('CT scan');
    await expect(cards.nth(0)).toContainText('CT abdomen');
    await expect(cards.nth(0)).toContainText('Report');
    await expect(cards.nth(1)).toHaveAttribute('data-study-uid', patient.older);
    await expect(cards.nth(1)).not.toContainText('Report');
    expect((await studiesSeenBy(phonePage)).sort()).toEqual([patient.older, patient.recent].sort());
    // Each card gets a picture of its study, drawn in the browser.
    for (const card of [cards.nth(0), cards.nth(1)])
      await expect
        .poll(() => card.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth), { timeout: 60_000 })
        .toBeGreaterThan(0);
    await saveScreenshot(phonePage, 'patient-studies');

    // Another patient's study is not theirs: the address leads back to the list, the data is refused.
    await phonePage.goto(`/patient/viewer?StudyInstanceUIDs=${OTHER_STUDY}`);
    await expect(phonePage).toHaveURL(/\/patient$/);
    expect((await phoneContext.request.get(`/dicomweb/studies/${OTHER_STUDY}/series`)).status()).toBe(403);

    // The newer study in the viewer, with the simple tools and the report.
    await cards.nth(0).getByRole('link').click();
    await expect(phonePage).toHaveURL(new RegExp(`/patient/viewer\\?StudyInstanceUIDs=${patient.recent}$`));
    const viewer = new ViewerPage(phonePage);
    await viewer.waitForImage(0);
    await expect.poll(async () => (await viewer.canvasStats(0)).nonBlack).toBeGreaterThan(0.02);
    const tools = phonePage.getByRole('toolbar', { name: 'Viewer tools' });
    for (const name of ['Scroll', 'Zoom', 'Brightness/contrast', 'Report', 'More'])
      await expect(tools.getByRole('button', { name, exact: true })).toBeVisible();
    await expect(tools.getByRole('button', { name: 'W/L' })).toHaveCount(0);
    await saveScreenshot(phonePage, 'patient-viewer');
    await tools.getByRole('button', { name: 'Report', exact: true }).click();
    const report = phonePage.getByRole('complementary', { name: 'Report' });
    await expect(report).toContainText('Diagnosis');
    // A patient reads the report; the reader's measurement and key-image lists are not theirs.
    await expect(report.getByRole('heading', { name: /Measurements/ })).toHaveCount(0);
    await report.getByRole('button', { name: 'Read the whole report' }).click();
    await tools.getByRole('button', { name: 'Report', exact: true }).click();
    await expect(viewer.viewport(0)).toContainText('was detected');
    await saveScreenshot(phonePage, 'patient-report');

    // The study as a zip: every instance byte for byte as staff retrieve it (WADO-RS).
    await tools.getByRole('button', { name: 'More' }).click();
    await saveScreenshot(phonePage, 'patient-more');
    const [zipDownload] = await Promise.all([
      phonePage.waitForEvent('download'),
      tools.getByRole('link', { name: 'Download study (zip)' }).click(),
    ]);
    const entries = unzipSync(await readFile(await zipDownload.path()));
    expect(Object.keys(entries)).toContain('DICOMDIR');
    const downloaded = new Map(
      Object.entries(entries)
        .filter(([name]) => name.startsWith('DICOM/'))
        .map(([, bytes]) => [sopOf(bytes), sha256(bytes)]),
    );
    const stored = new Map<string, string>();
    for (const series of await studySeries(staff.request, archiveUrl, patient.recent))
      for (const file of await retrieveSeries(staff.request, archiveUrl, patient.recent, seriesUidOf(series)))
        stored.set(sopOf(file), sha256(file));
    expect(stored.size).toBe(4);
    expect(downloaded).toEqual(stored);

    // "All tools" is one tap away, and back.
    await tools.getByRole('button', { name: 'More' }).click();
    await tools.getByRole('button', { name: 'All tools' }).click();
    await expect(tools.getByRole('button', { name: 'W/L' })).toBeVisible();
    await phonePage.getByRole('button', { name: 'Simple tools' }).click();
    await expect(tools.getByRole('button', { name: 'Brightness/contrast' })).toBeVisible();

    // Send this study to a doctor.
    await tools.getByRole('button', { name: 'More' }).click();
    await tools.getByRole('button', { name: 'Send to a doctor' }).click();
    const forward = phonePage.getByRole('dialog', { name: 'Send to a doctor' });
    await expect(forward.getByLabel('The study on screen')).toBeChecked();
    await forward.getByLabel('7 days').check();
    await forward.getByLabel('Doctor’s name (optional)').fill('Dr Wilson, hepatology');
    await forward.getByLabel('Message for the doctor (optional)').fill('Is this lesion new?');
    await forward.getByRole('button', { name: 'Create link' }).click();
    const forwarded = phonePage.getByRole('dialog', { name: 'Link for your doctor' });
    const doctorLink = await forwarded.getByRole('textbox', { name: 'Link for your doctor' }).inputValue();
    expect(doctorLink).toMatch(/\/s\/[A-Za-z0-9_-]{22,}$/);
    await expect(forwarded.getByRole('img', { name: 'QR code of the link for your doctor' })).toBeVisible();
    await saveScreenshot(phonePage, 'patient-forward');
    await forwarded.getByRole('button', { name: 'Done' }).click();

    // The doctor (a fresh browser) sees that study and nothing else of the patient's.
    const doctorContext = await browser.newContext({ baseURL: archiveUrl });
    const doctor = await doctorContext.newPage();
    await doctor.goto(doctorLink);
    await doctor.getByRole('button', { name: 'Open the images' }).click();
    await expect(doctor).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${patient.recent}$`));
    await new ViewerPage(doctor).waitForImage(0);
    await expect(doctor.getByRole('status', { name: 'Shared study' })).toContainText('Dr Wilson, hepatology');
    expect(await studiesSeenBy(doctor)).toEqual([patient.recent]);
    expect((await doctorContext.request.get(`/dicomweb/studies/${patient.older}/series`)).status()).toBe(403);

    // The patient revokes it from their list; the doctor's next request is refused.
    await phonePage.goto('/patient');
    const sent = phonePage.getByRole('list', { name: 'Doctors I sent to' }).getByRole('listitem');
    await expect(sent).toHaveCount(1);
    await expect(sent).toContainText('Dr Wilson, hepatology');
    await saveScreenshot(phonePage, 'patient-doctors');
    await sent.getByRole('button', { name: 'Revoke' }).click();
    await expect(sent).toContainText('Revoked');
    const refused = await doctorContext.request.get(`/dicomweb/studies/${patient.recent}/series`);
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe('SHARE_REVOKED');

    // Staff see the link, opened once, with the forward counted.
    await staff.goto('/patient-links');
    const row = staff.getByRole('row').filter({ hasText: patient.patientID });
    await expect(row).toContainText('Active');
    await expect(row.getByRole('cell').nth(7)).toHaveText('1');
    await doctorContext.close();
    await phoneContext.close();
  });

  test('the access code from the handout works at /p on a phone', async ({ page: staff, browser, archiveUrl }) => {
    const patient = await storePatient(archiveUrl);
    await staff.goto('/patient-links');
    await staff.getByLabel('Patient ID').fill(patient.patientID);
    await staff.getByRole('button', { name: 'New patient link…' }).click();
    await staff
      .getByRole('dialog', { name: 'Patient link' })
      .getByRole('button', { name: 'Create patient link' })
      .click();
    const accessCode = (await staff.getByLabel('Access code').textContent())!.trim();

    const { context, page } = await freshPhone(browser, archiveUrl);
    await page.goto('/p');
    // Typed as a patient might: lower case, no dashes.
    await page.getByLabel('Access code').fill(accessCode.replaceAll('-', ' ').toLowerCase());
    await page.getByLabel('Your date of birth').fill(BIRTH_DATE);
    await saveScreenshot(page, 'patient-access-code');
    await page.getByRole('button', { name: 'Show my images' }).click();
    await expect(page).toHaveURL(/\/patient$/);
    await expect(page.getByRole('list', { name: 'Your studies' }).getByRole('listitem')).toHaveCount(2);
    expect((await studiesSeenBy(page)).sort()).toEqual([patient.older, patient.recent].sort());
    await context.close();
  });
});
