import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { firstString } from '../../dicom/json';
import { part10ToJson } from '../../dicom/part10Json';
import { withPatientID } from './rewritePatientId';

const read = (file: string) => new Uint8Array(readFileSync(path.join(corpusDir, file)));

/** Where two byte arrays first differ from the start, and from the end. */
function changedRange(a: Uint8Array, b: Uint8Array) {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { head, tail };
}

describe('withPatientID', () => {
  it.each([
    ['implicit VR little endian', 'syntaxes/ivrle__ct-cs3d.dcm'],
    ['explicit VR little endian', 'series/ct-liver-3slice-with-seg/seg-liver.dcm'],
    ['explicit VR big endian', 'syntaxes/evrbe__ct-cs3d.dcm'],
    ['JPEG 2000', 'syntaxes/j2k-lossless__ct-cs3d.dcm'],
  ])('%s: changes only the Patient ID element, odd lengths padded', (_name, file) => {
    const original = read(file);
    const before = part10ToJson(original).dataset;
    for (const id of ['MRN-4711', 'ODD']) {
      const rewritten = withPatientID(original, id);
      const after = part10ToJson(rewritten).dataset;
      expect(firstString(after, '00100020')).toBe(id);
      // Everything else reads the same…
      expect({ ...after, '00100020': undefined }).toEqual({ ...before, '00100020': undefined });
      // …and is the same bytes: what differs lies inside the one element (8-byte header and value).
      const { head, tail } = changedRange(original, rewritten);
      const oldLength = String(firstString(before, '00100020')).length;
      expect(original.length - head - tail).toBeLessThanOrEqual(8 + oldLength + 1);
      expect(rewritten.length - original.length).toBe(id.length + (id.length % 2) - (oldLength + (oldLength % 2)));
    }
  });

  it('a deflated file is written again by dcmjs, with the new Patient ID and the same pixel data', () => {
    const original = read('syntaxes/deflated__ct-cs3d.dcm');
    const rewritten = withPatientID(original, 'MRN-4711');
    const before = part10ToJson(original).dataset;
    const after = part10ToJson(rewritten).dataset;
    expect(firstString(after, '00100020')).toBe('MRN-4711');
    expect(after['7FE00010']).toEqual(before['7FE00010']);
    expect(firstString(after, '00080018')).toBe(firstString(before, '00080018'));
    expect(part10ToJson(rewritten).transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
  });
});
