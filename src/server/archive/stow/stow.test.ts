import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import type { DicomJsonDataset } from '../../../dicom/json';
import {
  archiveFixture,
  BOUNDARY,
  STOW_TYPE,
  stowBody,
  type ArchiveFixture,
} from '../../../../test/support/archive/archiveFixture';
import { checkConsistency } from '../../../../test/support/archive/consistency';

const file = (relative: string) => new Uint8Array(readFileSync(path.join(corpusDir, relative)));
const french = file('kinds/charset/chrFren.dcm');
const german = file('kinds/charset/chrGerm.dcm');
const notDicom = file('malformed/derived-not-dicom-jpeg-file.dcm');
const truncated = file('malformed/truncated-pixel-data__mr-small.dcm');
const FRENCH_STUDY = '1.3.6.1.4.1.5962.1.2.0.1175775772.5720.0';
const FRENCH_SOP = '1.3.6.1.4.1.5962.1.1.0.1.1.1175775772.5720.0';

/** The same bytes with every occurrence of one ASCII string replaced by another of the same length. */
function replaceText(bytes: Uint8Array, from: string, to: string): Uint8Array {
  expect(to).toHaveLength(from.length);
  const text = Buffer.from(bytes).toString('latin1');
  expect(text).toContain(from);
  return new Uint8Array(Buffer.from(text.split(from).join(to), 'latin1'));
}

let fixture: ArchiveFixture;
beforeEach(async () => {
  fixture = await archiveFixture({ maxUploadBytes: 64 * 1024 });
});
afterEach(() => fixture.dispose());

async function stow(payload: Buffer | Uint8Array, contentType = STOW_TYPE, url = '/dicomweb/studies') {
  const response = await fixture.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': contentType, host: 'gw.example:8443' },
    payload: Buffer.from(payload),
  });
  const json = response.body === '' ? {} : response.json<DicomJsonDataset & { error?: string; message?: string }>();
  return { status: response.statusCode, type: response.headers['content-type'], json };
}

const items = (dataset: DicomJsonDataset, tag: string) => (dataset[tag]?.Value ?? []) as DicomJsonDataset[];
const first = (dataset: DicomJsonDataset | undefined, tag: string) => dataset?.[tag]?.Value?.[0];

function expectUntouched() {
  const state = checkConsistency(fixture.dataDir);
  expect(state).toMatchObject({ rowsWithoutFile: [], filesWithoutRow: [], tempFiles: [], pending: 0 });
  return state;
}

describe('STOW-RS responses (PS3.18 10.5.3)', () => {
  it('stores the good parts of a mixed request and explains each bad one (202)', async () => {
    const { status, type, json } = await stow(stowBody([french, notDicom, german, truncated]));
    expect(status).toBe(202);
    expect(type).toMatch(/^application\/dicom\+json/);
    const stored = items(json, '00081199');
    expect(stored.map((i) => first(i, '00081155'))).toEqual([
      FRENCH_SOP,
      '1.3.6.1.4.1.5962.1.1.0.1.1.1175775772.5723.0',
    ]);
    expect(first(stored[0], '00081150')).toBe('1.2.840.10008.5.1.4.1.1.7');
    expect(first(stored[0], '00081190')).toBe(
      `http://gw.example:8443/dicomweb/studies/${FRENCH_STUDY}/series/1.3.6.1.4.1.5962.1.3.0.1.1175775772.5720.0/instances/${FRENCH_SOP}`,
    );
    const failed = items(json, '00081198');
    expect(failed.map((i) => first(i, '00081197'))).toEqual([0xc000, 0xc000]);
    expect(first(failed[0], '00000902')).toMatch(/Not a DICOM file/);
    expect(first(failed[1], '00000902')).toMatch(/Truncated: the file ends inside element \(7FE0,0010\)/);
    expect(json['00081190']).toBeUndefined();
    expect(expectUntouched().rows).toBe(2);
  });

  it('answers 200 with the study RetrieveURL when everything was stored', async () => {
    const { status, json } = await stow(stowBody([french]));
    expect(status).toBe(200);
    expect(first(json, '00081190')).toBe(`http://gw.example:8443/dicomweb/studies/${FRENCH_STUDY}`);
    expect(json['00081198']).toBeUndefined();
  });

  it('answers 409 when nothing could be stored', async () => {
    const { status, json } = await stow(stowBody([notDicom, truncated]));
    expect(status).toBe(409);
    expect(items(json, '00081198')).toHaveLength(2);
    expect(json['00081199']).toBeUndefined();
    expect(expectUntouched().rows).toBe(0);
  });

  it('accepts a bare application/dicom body as one instance', async () => {
    const { status } = await stow(french, 'application/dicom');
    expect(status).toBe(200);
    expect(fixture.archive.instanceCount()).toBe(1);
  });

  it('refuses instances of another study on /studies/{uid} with FailureReason A900', async () => {
    const { status, json } = await stow(stowBody([french, german]), STOW_TYPE, `/dicomweb/studies/${FRENCH_STUDY}`);
    expect(status).toBe(202);
    const failed = items(json, '00081198');
    expect(failed.map((i) => first(i, '00081197'))).toEqual([0xa900]);
    expect(first(failed[0], '00000902')).toMatch(
      /belongs to study .* not to study 1\.3\.6\.1\.4\.1\.5962\.1\.2\.0\.1175775772\.5720\.0/,
    );
    expect(first(json, '00081190')).toBe(`http://gw.example:8443/dicomweb/studies/${FRENCH_STUDY}`);
  });

  it('refuses a UID that would leave the archive folder, before touching the disk', async () => {
    const escape = `${'../'.repeat(9)}tmp/escape`.padEnd(FRENCH_SOP.length, 'x');
    const crafted = replaceText(french, FRENCH_SOP, escape);
    const { status, json } = await stow(stowBody([crafted]));
    expect(status).toBe(409);
    expect(first(items(json, '00081198')[0], '00081197')).toBe(0xa900);
    expect(first(items(json, '00081198')[0], '00000902')).toMatch(/is not a valid UID/);
    expect(existsSync(path.resolve(fixture.dataDir, 'archive', escape))).toBe(false);
    expect(readdirSync(path.join(fixture.dataDir, 'archive'))).toEqual([]);
  });
});

describe('STOW-RS re-sends', () => {
  it('treats the same instance sent again as a success, stored once', async () => {
    expect((await stow(stowBody([french]))).status).toBe(200);
    expect((await stow(stowBody([french, french]))).status).toBe(200);
    expect(fixture.archive.instanceCount()).toBe(1);
    expect(await fixture.archive.ingest(french)).toMatchObject({ ok: true, duplicate: true, replaced: false });
  });

  it('replaces an instance sent again with different bytes, atomically', async () => {
    const explicit = file('syntaxes/evrle__ct-cs3d.dcm');
    const implicit = file('syntaxes/ivrle__ct-cs3d.dcm');
    expect(await fixture.archive.ingest(explicit)).toMatchObject({ ok: true, duplicate: false, replaced: false });
    expect(await fixture.archive.ingest(implicit)).toMatchObject({ ok: true, duplicate: false, replaced: true });
    const [stored] = fixture.archive.index.find('1.2.840.113619.2.30.1.1762295590.1623.978668949.886');
    expect(stored?.transferSyntaxUID).toBe('1.2.840.10008.1.2');
    expect(Buffer.compare(readFileSync(stored!.path), Buffer.from(implicit))).toBe(0);
    expect(expectUntouched().rows).toBe(1);
  });

  it('refuses a stored SOP Instance UID arriving in another series', async () => {
    await fixture.archive.ingest(french);
    const otherSeries = replaceText(
      french,
      '1.3.6.1.4.1.5962.1.3.0.1.1175775772.5720.0',
      '1.3.6.1.4.1.5962.1.3.0.1.1175775772.5720.9',
    );
    const { status, json } = await stow(stowBody([otherSeries]));
    expect(status).toBe(409);
    expect(first(items(json, '00081198')[0], '00000902')).toMatch(/already stored in study .* series/);
    expect(first(items(json, '00081198')[0], '00081155')).toBe(FRENCH_SOP);
  });
});

describe('STOW-RS request errors', () => {
  it.each([
    ['application/octet-stream', 'not a multipart body'],
    ['text/plain', 'not a multipart body'],
    ['application/json', '{}'],
    [`multipart/related; type="application/dicom+json"; boundary=${BOUNDARY}`, 'x'],
  ])('answers 415 to Content-Type %s', async (contentType, payload) => {
    const { status, json } = await stow(Buffer.from(payload), contentType);
    expect(status).toBe(415);
    expect(json.error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 415 to a part that is not application/dicom, and keeps nothing', async () => {
    const { status, json } = await stow(stowBody([french, german], 'image/jpeg'));
    expect(status).toBe(415);
    expect(json.message).toMatch(/Part 1 is image\/jpeg/);
    expect(expectUntouched().rows).toBe(0);
  });

  it.each([
    ['no boundary parameter', 'multipart/related; type="application/dicom"', stowBody([french]), /no boundary/],
    ['a body without the boundary', STOW_TYPE, Buffer.from('garbage'), /does not contain the boundary/],
    ['a body cut before the closing delimiter', STOW_TYPE, stowBody([french]).subarray(0, 1000), /closing boundary/],
    ['no parts', STOW_TYPE, Buffer.from(`--${BOUNDARY}--\r\n`), /no instances/],
  ])('answers 400 to %s', async (_name, contentType, payload, message) => {
    const { status, json } = await stow(payload, contentType);
    expect(status).toBe(400);
    expect(json.message).toMatch(message);
    expectUntouched();
  });

  it('answers 413 past the upload cap and keeps nothing of the request', async () => {
    const big = file('syntaxes/rle__ct-cs3d.dcm');
    const { status } = await stow(stowBody([french, big]));
    expect(status).toBe(413);
    expect(expectUntouched().rows).toBe(0);
  });
});
