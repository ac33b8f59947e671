import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../src/dicom/json';
import { archiveFixture, type ArchiveFixture } from '../../src/server/archive/testing/archiveFixture';
import { corpusDir } from '../corpus';
import { corpusSeries } from '../proxy/fixtures';

/**
 * Archive bugs the conformance suite found (KNOWN_BUGS in allowList.ts), one focused test each.
 * They fail until the archive is fixed; then the KNOWN_BUGS entry goes.
 */

let archive: ArchiveFixture;
beforeAll(async () => {
  archive = await archiveFixture();
  const outcome = await archive.archive.ingest(new Uint8Array(await readFile(`${corpusDir}/series/ct-liver-3slice-with-seg/ct-01.dcm`)));
  if (!outcome.ok) throw new Error(outcome.reason);
});
afterAll(() => archive?.dispose());

describe('archive bugs found by conformance', () => {
  it('reads "US or SS" attributes of implicit VR files as SS when PixelRepresentation is 1 (PS3.5 Annex A)', async () => {
    // ct-01.dcm: Implicit VR Little Endian, PixelRepresentation 1, PixelPaddingValue stored as 0xF830 = -2000.
    const { study } = corpusSeries('series/ct-liver-3slice-with-seg/');
    const response = await archive.app.inject({ method: 'GET', url: `/dicomweb/studies/${study}/metadata` });
    const [instance] = response.json<DicomJsonDataset[]>();
    expect(instance?.['00280103']).toEqual({ vr: 'US', Value: [1] });
    expect(instance?.['00280120']).toEqual({ vr: 'SS', Value: [-2000] });
  });
});
