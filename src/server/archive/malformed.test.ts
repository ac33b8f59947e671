import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFiles, manifest, type ManifestEntry } from '../../../test/support/corpus';
import type { DicomJsonDataset } from '../../dicom/json';
import { isUid } from '../../dicom/uid';
import { archiveFixture, stowFiles, type ArchiveFixture } from '../../../test/support/archive/archiveFixture';
import { checkConsistency } from '../../../test/support/archive/consistency';
import { decodeFrame } from '../../../test/support/archive/decodeFrame';
import { responseParts } from '../../../test/support/wado/wadoApp';

/**
 * Every file of malformed/ sent by STOW-RS, one request each (the corpus README: load them one at
 * a time). MANIFEST expectedBehaviour: "reject" must be refused with a reason; "survive" must be
 * stored when the file has the three UIDs an archive needs (else refused, saying so) and viewable:
 * its metadata served, and frame 1 of an image served by WADO-RS and decoded in Node
 * (decodeFrame.ts) to Rows × Columns pixels; the "-or-" behaviours may go either way, but always
 * with a clear outcome. After each file the archive's files and rows agree, and afterwards it
 * still answers searches. The outcome of every file is printed as a table.
 */
const entries = manifest.entries.filter((e) => e.category === 'malformed');
const ANY_FRAME = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const PIXEL_TAGS = ['7FE00010', '7FE00008', '7FE00009'];
let fixture: ArchiveFixture;
const stored = new Set<string>();
const table: string[][] = [];

beforeAll(async () => {
  fixture = await archiveFixture();
});
afterAll(async () => {
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((row) => row[i]!.length), 8));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  console.log(
    [
      line(['file', 'expectedBehaviour', 'archive', 'viewable']),
      ...table.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).map(line),
    ].join('\n'),
  );
  await fixture.dispose();
});

const number = (dataset: DicomJsonDataset, tag: string, fallback: number) => {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'number' ? value : fallback;
};

/**
 * Whether a stored instance can be shown: its metadata is served, and an image's frame 1 is
 * served and decodes to Rows × Columns pixels. Returns what was seen, for the table.
 */
async function viewability(item: DicomJsonDataset): Promise<string> {
  const instanceUrl = String(item['00081190']?.Value?.[0]).replace(/^https?:\/\/[^/]+/, '');
  const metadata = await fixture.app.inject({ method: 'GET', url: `${instanceUrl}/metadata` });
  expect(metadata.statusCode).toBe(200);
  const dataset = metadata.json<DicomJsonDataset[]>()[0]!;
  if (!PIXEL_TAGS.some((tag) => dataset[tag] !== undefined)) return 'metadata (no pixel data)';
  const frame = await fixture.app.inject({
    method: 'GET',
    url: `${instanceUrl}/frames/1`,
    headers: { accept: ANY_FRAME },
  });
  expect(frame.statusCode, frame.body.slice(0, 200)).toBe(200);
  const part = responseParts(frame)[0]!;
  const transferSyntaxUID = /transfer-syntax=([0-9.]+)/.exec(part.headers['content-type'] ?? '')?.[1] ?? '';
  const facts = {
    transferSyntaxUID,
    rows: number(dataset, '00280010', 0),
    columns: number(dataset, '00280011', 0),
    samplesPerPixel: number(dataset, '00280002', 1),
    bitsAllocated: number(dataset, '00280100', 8),
    pixelRepresentation: number(dataset, '00280103', 0),
    planarConfiguration: number(dataset, '00280006', 0),
  };
  const decoded = await decodeFrame(part.body, facts);
  expect(decoded.pixels).toBe(facts.rows * facts.columns);
  return `frame 1: ${facts.rows}×${facts.columns} px (${decoded.decoder})`;
}

function storable(entry: ManifestEntry): boolean {
  return [entry.studyInstanceUID, entry.seriesInstanceUID, entry.sopInstanceUID].every(
    (uid) => typeof uid === 'string' && isUid(uid),
  );
}

const hex = (value: unknown) => (typeof value === 'number' ? value.toString(16).toUpperCase().padStart(4, '0') : '?');

describe('malformed corpus over STOW-RS', () => {
  it('covers all 53 files', () => {
    expect(entries).toHaveLength(53);
  });

  it.each(entries.map((e) => [e.path.replace('malformed/', ''), e.expectedBehaviour ?? '', e] as const))(
    '%s (%s)',
    async (_name, behaviour, entry) => {
      const bytes = readFileSync(entryFiles(entry)[0]!);
      const { status, stored: ok, failed } = await stowFiles(fixture.app, [bytes]);
      expect(ok.length + failed.length).toBe(1);

      const row = [_name, behaviour];
      table.push(row);
      if (failed.length === 1) {
        expect(status).toBe(409);
        const reason = failed[0]?.['00081197']?.Value?.[0];
        expect(reason).toEqual(expect.any(Number));
        const comment = String(failed[0]?.['00000902']?.Value?.[0]);
        expect(comment).toMatch(/^[A-Z].{15,}/);
        row.push(`409 refused ${hex(reason)}: ${comment.slice(0, 90)}`, '-');
      } else {
        expect([200, 202]).toContain(status);
        stored.add(String(ok[0]?.['00081155']?.Value?.[0]));
        const warning = ok[0]?.['00081196']?.Value?.[0];
        // A warned instance says what was corrected; a clean one has no WarningReason.
        expect(status === 202).toBe(warning !== undefined);
        if (warning !== undefined)
          expect(String(ok[0]?.['00000902']?.Value?.[0])).toMatch(/^Stored with corrections: /);
        const comment = String(ok[0]?.['00000902']?.Value?.[0]).replace('Stored with corrections: ', '');
        row.push(warning === undefined ? '200 stored' : `202 stored, warning ${hex(warning)}: ${comment.slice(0, 90)}`);
        row.push(behaviour.startsWith('survive') ? await viewability(ok[0]!) : 'not checked');
      }

      if (behaviour === 'reject') expect(failed).toHaveLength(1);
      if (behaviour === 'survive')
        expect(ok.length === 1, storable(entry) ? 'should be stored' : 'should be refused: no valid UIDs').toBe(
          storable(entry),
        );

      const state = checkConsistency(fixture.dataDir);
      expect(state).toMatchObject({ rowsWithoutFile: [], filesWithoutRow: [], tempFiles: [], pending: 0 });
    },
  );

  it('still serves searches, and finds every stored instance', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/dicomweb/instances?limit=1000' });
    expect(response.statusCode).toBe(200);
    const found = new Set(response.json<DicomJsonDataset[]>().map((d) => String(d['00080018']?.Value?.[0])));
    expect(found).toEqual(stored);
    expect(stored.size).toBeGreaterThan(20);
    expect((await fixture.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
