import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';

const CT = manifest.entries.find((e) => e.path === 'series/ct-philips-head-phantom-1mm/')!;
const PASSCODE = 'lock-test-2468';
const SCREENSHOTS = path.join('test-results', 'screenshots');

/**
 * A recipient who mistypes the passcode five times locks the link; the sender sees it locked in
 * My shares, unlocks it after a question, and the right passcode opens the link again.
 */
test('a link locked by wrong passcodes is unlocked by its sender', async ({ page, archiveUrl }) => {
  const me = (await (await page.request.get(`${archiveUrl}/api/me`)).json()) as { csrfToken: string };
  const label = `Locked link ${Date.now()}`;
  const created = await page.request.post(`${archiveUrl}/api/shares`, {
    headers: { 'X-CSRF-Token': me.csrfToken, origin: archiveUrl },
    data: { studyInstanceUIDs: [CT.studyInstanceUID], expiresInSeconds: 3600, label, passcode: PASSCODE },
  });
  expect(created.status()).toBe(201);
  const token = ((await created.json()) as { url: string }).url.split('/s/')[1]!;

  // A stranger's browser: no session, the link's own form posts.
  const stranger = await playwrightRequest.newContext({ baseURL: archiveUrl });
  const guess = (passcode: string) =>
    stranger.post(`/s/${token}`, { form: { passcode }, headers: { origin: archiveUrl }, maxRedirects: 0 });
  for (let i = 1; i <= 4; i++) expect((await guess(`wrong-${i}`)).status()).toBe(401);
  expect((await guess('wrong-5')).status()).toBe(429);
  expect((await guess(PASSCODE)).status()).toBe(429);

  await page.goto(`${archiveUrl}/shares`);
  const row = page.getByRole('row').filter({ hasText: label });
  await expect(row).toContainText('Locked');
  await row.getByRole('button', { name: 'Unlock' }).click();
  const dialog = page.getByRole('dialog', { name: 'Unlock this link?' });
  await expect(dialog).toContainText('was locked after 5 wrong passcodes');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'share-unlock.png') });
  await dialog.getByRole('button', { name: 'Unlock link' }).click();
  await expect(row).toContainText('Active');
  await expect(row.getByRole('button', { name: 'Unlock' })).toHaveCount(0);

  const opened = await guess(PASSCODE);
  expect(opened.status()).toBe(303);
  expect(opened.headers().location).toContain(CT.studyInstanceUID!);
  await stranger.dispose();
});
