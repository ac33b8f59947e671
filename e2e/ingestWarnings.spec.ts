import path from 'node:path';
import { part10ToJson } from '../src/dicom/part10Json';
import { ingestDefects } from '../test/support/generated/ingestDefects';
import { expect, test } from './fixtures';
import { stowOne, writeHeaders } from './support/stow';
import { ViewerPage } from './support/viewerPage';

test('the tag browser tells staff what the archive corrected when it stored the image', async ({
  page,
  archiveUrl,
}) => {
  const coerced = ingestDefects().find((defect) => defect.name === 'stored/is-not-a-number')!.bytes;
  const stored = await stowOne(`${archiveUrl}/dicomweb`, coerced, await writeHeaders(archiveUrl));
  expect(stored.status, stored.text).toBe(202);
  const study = String(part10ToJson(coerced).dataset['0020000D']?.Value?.[0]);

  const viewer = new ViewerPage(page);
  await viewer.open(archiveUrl, [study]);
  await viewer.waitForImage(0);
  await page.keyboard.press('Shift+T');
  const tags = page.getByRole('complementary', { name: 'DICOM tags' });
  const corrections = tags.getByRole('region', { name: 'Stored with corrections' });
  await expect(corrections).toContainText('Stored with corrections');
  await expect(corrections).toContainText('(0020,0013) InstanceNumber has the value "12a"');
  await expect(corrections).toContainText('left out of the index');
  // For review: the box as staff see it above the tags.
  await tags.screenshot({ path: path.join('test-results', 'screenshots', 'tag-browser-corrections.png') });
});
