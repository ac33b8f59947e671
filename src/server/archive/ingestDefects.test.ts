import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { part10ToJson } from '../../dicom/part10Json';
import { archiveFixture, stowFiles, type ArchiveFixture } from '../../../test/support/archive/archiveFixture';
import { checkConsistency } from '../../../test/support/archive/consistency';
import { DEFECT_MAX_INFLATED_BYTES, ingestDefects } from '../../../test/support/generated/ingestDefects';
import { responseParts } from '../../../test/support/wado/wadoApp';

/**
 * Issue 14 part 4 over STOW-RS, one generated file per defect class: stored with a WarningReason
 * and a comment that names the defect, byte for byte as sent and viewable; or refused with a
 * FailureReason and a sentence, leaving nothing behind. Files and index rows agree after each.
 */
const defects = ingestDefects();
const RAW_FRAME = 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1';
let fixture: ArchiveFixture;

beforeAll(async () => {
  fixture = await archiveFixture({ archive: { maxInflatedBytes: DEFECT_MAX_INFLATED_BYTES } });
});
afterAll(() => fixture.dispose());

const stow = (bytes: Uint8Array) => stowFiles(fixture.app, [bytes]);

/** The UIDs of a file that parses (a stored defect, or the file stored before a refused one). */
function uidsOf(bytes: Uint8Array) {
  const { dataset } = part10ToJson(bytes);
  const text = (tag: string) => String(dataset[tag]?.Value?.[0]);
  return { study: text('0020000D'), series: text('0020000E'), instance: text('00080018') };
}

async function retrieveInstance(uids: { study: string; series: string; instance: string }) {
  const response = await fixture.app.inject({
    method: 'GET',
    url: `/dicomweb/studies/${uids.study}/series/${uids.series}/instances/${uids.instance}`,
    headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  });
  return { status: response.statusCode, parts: response.statusCode === 200 ? responseParts(response) : [] };
}

/** 16 × 16 pixels, (row × 16 + column) × 8, little endian: what the generator wrote. */
function expectedFrame(): Uint8Array {
  const bytes = new Uint8Array(512);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 256; i++) view.setUint16(i * 2, i * 8, true);
  return bytes;
}

function expectConsistent() {
  expect(checkConsistency(fixture.dataDir)).toMatchObject({
    rowsWithoutFile: [],
    filesWithoutRow: [],
    tempFiles: [],
    pending: 0,
  });
}

describe('ingest defects over STOW-RS', () => {
  const stored = defects.filter((d) => d.expect.outcome === 'stored');
  const refused = defects.filter((d) => d.expect.outcome === 'refused');

  it('has every defect class of the issue', () => {
    expect(stored.map((d) => d.name)).toHaveLength(7);
    expect(refused.map((d) => d.name)).toHaveLength(10);
  });

  it.each(stored.map((d) => [d.name, d] as const))('%s is stored with its warning', async (_name, defect) => {
    if (defect.expect.outcome !== 'stored') throw new Error('not a stored defect');
    const result = await stow(defect.bytes);
    expect(result.status).toBe(202);
    expect(result.failed).toEqual([]);
    const item = result.stored[0]!;
    expect(item['00081196']?.Value).toEqual([defect.expect.warningReason]);
    const comment = String(item['00000902']?.Value?.[0]);
    expect(comment).toMatch(/^Stored with corrections: /);
    expect(comment).toMatch(defect.expect.comment);
    expectConsistent();

    const uids = uidsOf(defect.bytes);
    const retrieved = await retrieveInstance(uids);
    expect(retrieved.status).toBe(200);
    // The file is kept as received, trailing bytes included: never rewritten.
    expect(Buffer.compare(Buffer.from(retrieved.parts[0]!.body), Buffer.from(defect.bytes))).toBe(0);

    const frame = await fixture.app.inject({
      method: 'GET',
      url: `/dicomweb/studies/${uids.study}/series/${uids.series}/instances/${uids.instance}/frames/1`,
      headers: { accept: RAW_FRAME },
    });
    expect(frame.statusCode).toBe(200);
    expect(Buffer.compare(Buffer.from(responseParts(frame)[0]!.body), Buffer.from(expectedFrame()))).toBe(0);

    const warnings = await fixture.archive.ingestWarnings!(uids.study);
    // What staff are shown later is what the sender was told.
    expect(warnings.map((w) => w.sopInstanceUID)).toEqual([uids.instance]);
    expect(`Stored with corrections: ${warnings[0]!.warnings.join('; ')}`).toBe(comment);
  });

  it.each(refused.map((d) => [d.name, d] as const))('%s is refused with its reason', async (_name, defect) => {
    if (defect.expect.outcome !== 'refused') throw new Error('not a refused defect');
    const before = defect.prior && (await stow(defect.prior));
    if (before) expect(before.status).toBe(200);
    const rows = checkConsistency(fixture.dataDir).rows;

    const result = await stow(defect.bytes);
    expect(result.status).toBe(409);
    expect(result.stored).toEqual([]);
    const item = result.failed[0]!;
    expect(item['00081197']?.Value).toEqual([defect.expect.failureReason]);
    expect(String(item['00000902']?.Value?.[0])).toMatch(defect.expect.comment);
    // Nothing partial: no new row, no file, no temp file, no pending mark.
    expect(checkConsistency(fixture.dataDir).rows).toBe(rows);
    expectConsistent();

    if (defect.prior) {
      // The instance stored first is untouched: same bytes, same patient.
      const uids = uidsOf(defect.prior);
      const retrieved = await retrieveInstance(uids);
      expect(Buffer.compare(Buffer.from(retrieved.parts[0]!.body), Buffer.from(defect.prior))).toBe(0);
      const metadata = fixture.archive.index.metadata(uids.instance);
      expect(metadata?.['00100020']?.Value).toEqual(['INGEST-1']);
    }
  });

  it('keeps the warnings when the same file is stored again, and through a rebuilt index', async () => {
    const defect = stored.find((d) => d.name === 'stored/is-not-a-number')!;
    const uids = uidsOf(defect.bytes);
    const first = await fixture.archive.ingestWarnings!(uids.study);
    expect(first[0]?.warnings).toHaveLength(1);

    const again = await stow(defect.bytes);
    expect(again.status).toBe(202);
    // Said to be a re-sent file (the upload page reads "already there" from it), and what was corrected.
    expect(String(again.stored[0]?.['00000902']?.Value?.[0])).toMatch(
      /^Already stored: .*Stored with corrections: .*"12a"/,
    );
    expect(await fixture.archive.ingestWarnings!(uids.study)).toEqual(first);

    await fixture.archive.reindex();
    expect(await fixture.archive.ingestWarnings!(uids.study)).toEqual(first);
    expectConsistent();
  });

  it('stores a file without defects with 200 and no warnings', async () => {
    const clean = defects.find((d) => d.name === 'refused/identity-change')!.prior!;
    const result = await stow(clean);
    expect(result.status).toBe(200);
    expect(result.stored[0]?.['00081196']).toBeUndefined();
    expect(await fixture.archive.ingestWarnings!(uidsOf(clean).study)).toEqual([]);
  });
});
