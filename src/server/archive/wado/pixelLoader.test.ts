import { copyFileSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test/support/corpus';
import { InflatedRenditions } from '../deflated/renditions';
import type { StoredInstance } from '../types';
import { readFrame } from './frameReader';
import { createPixelLoader } from './pixelLoader';

const dir = mkdtempSync(path.join(tmpdir(), 'wado-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const renditions = new InflatedRenditions(path.join(dir, 'data'), 64 * 1024 * 1024);

const instance = (file: string, transferSyntaxUID: string): StoredInstance => ({
  studyInstanceUID: '1.2',
  seriesInstanceUID: '1.2.3',
  sopInstanceUID: '1.2.3.4',
  sopClassUID: '',
  transferSyntaxUID,
  path: file,
  numberOfFrames: 1,
  instanceNumber: undefined,
});

describe('createPixelLoader', () => {
  it('reuses a layout for the same file version and reads frames in place', async () => {
    const file = path.join(dir, 'cine.dcm');
    copyFileSync(path.join(corpusDir, 'kinds/multiframe/xa-cine-96frames-jpeg.dcm'), file);
    const load = createPixelLoader(renditions);
    const first = await load(instance(file, '1.2.840.10008.1.2.4.50'));
    const frame = await readFrame(first.layout, 40, first.source, false);
    await first.source.close();
    const second = await load(instance(file, '1.2.840.10008.1.2.4.50'));
    expect(second.layout).toBe(first.layout);
    expect(
      Buffer.compare(Buffer.from(await readFrame(second.layout, 40, second.source, false)), Buffer.from(frame)),
    ).toBe(0);
    await second.source.close();
  });

  it('parses again when the file at the path changes', async () => {
    const file = path.join(dir, 'replaced.dcm');
    copyFileSync(path.join(corpusDir, 'syntaxes/jpeg-baseline__ct-cs3d.dcm'), file);
    const load = createPixelLoader(renditions);
    const first = await load(instance(file, '1.2.840.10008.1.2.4.50'));
    await first.source.close();
    copyFileSync(path.join(corpusDir, 'syntaxes/evrle__ct-cs3d.dcm'), file);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = await load(instance(file, '1.2.840.10008.1.2.1'));
    expect(second.layout).not.toBe(first.layout);
    expect(second.layout.native?.length).toBe(512 * 512 * 2);
    await second.source.close();
  });

  it('reads a deflated file through its rendition, inflated once and then read in place', async () => {
    const load = createPixelLoader(renditions);
    const file = path.join(dir, 'deflated.dcm');
    copyFileSync(path.join(corpusDir, 'syntaxes/deflated__ct-cs3d.dcm'), file);
    const explicit = await createPixelLoader(renditions)(
      instance(path.join(corpusDir, 'syntaxes/evrle__ct-cs3d.dcm'), '1.2.840.10008.1.2.1'),
    );
    const first = await load(instance(file, '1.2.840.10008.1.2.1.99'));
    const second = await load(instance(file, '1.2.840.10008.1.2.1.99'));
    expect(second.layout).toBe(first.layout);
    expect(readdirSync(path.join(renditions.cacheDir, '1.2', '1.2.3', '1.2.3.4'))).toHaveLength(1);
    const frames = [
      await readFrame(first.layout, 1, first.source, false),
      await readFrame(second.layout, 1, second.source, false),
    ];
    const reference = await readFrame(explicit.layout, 1, explicit.source, false);
    frames.forEach((frame) => expect(Buffer.compare(Buffer.from(frame), Buffer.from(reference))).toBe(0));
    await Promise.all([first, second, explicit].map((l) => l.source.close()));
  });
});

describe('createPixelLoader under concurrent first requests', () => {
  it('parses a file once for requests that arrive together', async () => {
    const file = path.join(dir, 'concurrent.dcm');
    copyFileSync(path.join(corpusDir, 'kinds/multiframe/xa-cine-96frames-jpeg.dcm'), file);
    const load = createPixelLoader(renditions);
    const loads = await Promise.all(Array.from({ length: 6 }, () => load(instance(file, '1.2.840.10008.1.2.4.50'))));
    expect(new Set(loads.map((l) => l.layout)).size).toBe(1);
    const frames = await Promise.all(loads.map((l, i) => readFrame(l.layout, i + 1, l.source, false)));
    frames.forEach((frame) => expect(Buffer.from(frame.subarray(0, 2)).toString('hex')).toBe('ffd8'));
    await Promise.all(loads.map((l) => l.source.close()));
  });
});
