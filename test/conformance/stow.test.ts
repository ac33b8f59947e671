import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstString, type DicomJsonDataset } from '../../src/dicom/json';
import { formatMultipart } from '../../src/dicomweb/multipart';
import { archiveFixture, type ArchiveFixture } from '../support/archive/archiveFixture';
import { corpusDir } from '../support/corpus';
import { startOrthanc, type RunningOrthanc } from '../support/orthanc';
import { GATEWAY_HOST, GATEWAY_ROOT } from './servers';

/** STOW-RS into a fresh archive and a fresh Orthanc: same instances stored, failures reported as documented (STOW_NOTES). */

const BOUNDARY = 'conformance-stow-boundary';
const TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;
const GOOD = ['kinds/waveform/ecg-12lead.dcm', 'kinds/multiframe/mr-enhanced-knee-19frames.dcm'];

let orthanc: RunningOrthanc;
let archive: ArchiveFixture;
beforeAll(async () => {
  [orthanc, archive] = await Promise.all([startOrthanc(), archiveFixture()]);
});
afterAll(async () => {
  await archive?.dispose();
  await orthanc?.stop();
});

async function body(parts: Uint8Array[]): Promise<Buffer> {
  return Buffer.from(
    formatMultipart(
      BOUNDARY,
      parts.map((part) => ({ headers: { 'Content-Type': 'application/dicom' }, body: part })),
    ),
  );
}
const files = (paths: string[]) =>
  Promise.all(paths.map(async (path) => new Uint8Array(await readFile(`${corpusDir}/${path}`))));

async function stowBoth(payload: Buffer) {
  const direct = await fetch(`${orthanc.baseUrl}/studies`, {
    method: 'POST',
    headers: { 'content-type': TYPE, accept: 'application/dicom+json' },
    body: new Uint8Array(payload),
  });
  const ours = await archive.app.inject({
    method: 'POST',
    url: '/dicomweb/studies',
    headers: { host: GATEWAY_HOST, 'content-type': TYPE, accept: 'application/dicom+json' },
    payload,
  });
  return {
    orthanc: { status: direct.status, body: (await direct.json()) as DicomJsonDataset },
    ours: { status: ours.statusCode, body: ours.json<DicomJsonDataset>() },
  };
}

/** ReferencedSOPSequence as (SOP Instance UID → RetrieveURL below the root), comparable across servers. */
function referenced(response: DicomJsonDataset, root: string): Record<string, string | undefined> {
  const items = (response['00081199']?.Value ?? []) as DicomJsonDataset[];
  return Object.fromEntries(
    items.map((item) => [firstString(item, '00081155'), firstString(item, '00081190')?.replace(root, '')]),
  );
}

describe('conformance: STOW-RS, archive vs Orthanc', () => {
  it('stores the same instances and answers the same references', async () => {
    const { orthanc: theirs, ours } = await stowBoth(await body(await files(GOOD)));
    expect([theirs.status, ours.status]).toEqual([200, 200]);
    expect(referenced(ours.body, GATEWAY_ROOT)).toEqual(referenced(theirs.body, orthanc.baseUrl));
  });

  it('reports a part that is not DICOM as documented (stow-partial-failure)', async () => {
    const { orthanc: theirs, ours } = await stowBoth(
      await body([...(await files(GOOD)), new TextEncoder().encode('not DICOM')]),
    );
    expect(theirs.status).toBe(400);
    expect(theirs.body['00081198']?.Value ?? []).toEqual([]);
    expect(ours.status).toBe(202);
    const [failed] = (ours.body['00081198']?.Value ?? []) as DicomJsonDataset[];
    expect(failed?.['00081197']).toEqual({ vr: 'US', Value: [0xc000] });
    expect(referenced(ours.body, GATEWAY_ROOT)).toEqual(referenced(theirs.body, orthanc.baseUrl));
  });

  it('stores the files Orthanc refuses (stow-orthanc-refuses-ybr422-jpeg-multiframe)', async () => {
    const refused = inject('orthanc').rejected.map((r) => r.file.slice(corpusDir.length + 1));
    expect(refused).toEqual(['kinds/multiframe/us-cine-65frames-jpeg-ybr422.dcm']);
    const { orthanc: theirs, ours } = await stowBoth(await body(await files(refused)));
    expect(theirs.status).toBe(400);
    expect(ours.status).toBe(200);
  });
});
