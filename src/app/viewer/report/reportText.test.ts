import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../../dicom/json';
import type { ImageRef } from '../../../dicom/sr/references';
import type { SeriesEntry } from '../../../viewer/viewerState';
import {
  formatReportWhen,
  imageLabel,
  keyImageCounts,
  reportByline,
  reportNotes,
  sameImage,
  sendStatusText,
  shownImageRef,
} from './reportText';

const image = (sop: string, series = '1.2.3.1', frameNumber?: number): ImageRef => ({
  studyInstanceUID: '1.2.3',
  seriesInstanceUID: series,
  sopInstanceUID: sop,
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
  ...(frameNumber !== undefined && { frameNumber }),
});

const series = (overrides: Partial<SeriesEntry>): SeriesEntry => ({
  studyInstanceUID: '1.2.3',
  seriesInstanceUID: '1.2.3.1',
  description: 'CT Chest',
  modality: 'CT',
  imageCount: 10,
  status: 'ready',
  ...overrides,
});

describe('formatReportWhen', () => {
  it('reads the author wall-clock time as written, without converting time zones', () => {
    expect(formatReportWhen('2026-12-06T10:12:00')).toBe('2026-12-06 10:12');
    expect(formatReportWhen('2026-12-06')).toBe('2026-12-06');
    expect(formatReportWhen(undefined)).toBeUndefined();
    expect(formatReportWhen('yesterday')).toBeUndefined();
  });

  it('puts who and when on one line, and says so when neither is known', () => {
    expect(reportByline({ observer: 'Dr Wilson', when: '2026-12-06T10:12:00' })).toBe('Dr Wilson · 2026-12-06 10:12');
    expect(reportByline({})).toBe('Author and time not recorded');
  });
});

describe('sendStatusText', () => {
  it('says what happened to a reply or a save, with the server message on failure', () => {
    expect(sendStatusText({ status: 'idle' }, 'reply')).toBeUndefined();
    expect(sendStatusText({ status: 'sending' }, 'reply')).toBe('Sending…');
    expect(sendStatusText({ status: 'sending' }, 'save')).toBe('Saving…');
    const at = new Date(2026, 11, 6, 10, 42).toISOString();
    expect(sendStatusText({ status: 'sent', at, srInstanceUID: '2.25.1' }, 'reply')).toBe('Opinion sent at 10:42');
    expect(sendStatusText({ status: 'sent', at, srInstanceUID: '2.25.1' }, 'save')).toBe('Saved at 10:42');
    expect(sendStatusText({ status: 'error', message: 'Replies are not allowed' }, 'reply')).toBe(
      'Not sent: Replies are not allowed',
    );
  });
});

describe('imageLabel', () => {
  it('names the series by description and number, and the frame of a multi-frame image', () => {
    const entries = [series({ seriesNumber: 2 })];
    expect(imageLabel(image('1.1'), entries)).toBe('CT Chest (series 2)');
    expect(imageLabel(image('1.1', '1.2.3.1', 4), entries)).toBe('CT Chest (series 2), frame 4');
    expect(imageLabel(image('1.1'), [series({ description: '' })])).toBe('CT');
    expect(imageLabel(image('1.1', '9.9'), entries)).toBe('Image from another series');
  });
  it('numbers the image as the viewport counter does, once its place in the stack is known', () => {
    const entries = [series({ seriesNumber: 2, imageCount: 140 })];
    expect(imageLabel(image('1.1'), entries, 11)).toBe('CT Chest (series 2), image 12 of 140');
    expect(imageLabel(image('1.1', '1.2.3.1', 4), entries, 3)).toBe('CT Chest (series 2), image 4 of 140');
    expect(imageLabel(image('1.1'), entries, 0)).toBe('CT Chest (series 2), image 1 of 140');
    expect(imageLabel(image('1.1', '9.9'), entries, 11)).toBe('Image from another series');
  });
});

describe('key images', () => {
  it('counts distinct key images per series', () => {
    const counts = keyImageCounts([
      { image: image('1.1') },
      { image: image('1.2') },
      { image: image('1.1') },
      { image: image('2.1', '1.2.3.2', 1) },
      { image: image('2.1', '1.2.3.2', 2) },
    ]);
    expect([...counts]).toEqual([
      ['1.2.3.1', 2],
      ['1.2.3.2', 2],
    ]);
  });

  it('takes frame 1 of a single-frame reference as the same image', () => {
    expect(sameImage(image('1.1'), image('1.1', '1.2.3.1', 1))).toBe(true);
    expect(sameImage(image('1.1', '1.2.3.1', 2), image('1.1', '1.2.3.1', 1))).toBe(false);
    expect(sameImage(image('1.1'), image('1.2'))).toBe(false);
  });

  it('reads the shown image from its instance, with the frame only for multi-frame', () => {
    const instance = (frames?: number): DicomJsonDataset => ({
      '0020000D': { vr: 'UI', Value: ['1.2.3'] },
      '0020000E': { vr: 'UI', Value: ['1.2.3.1'] },
      '00080018': { vr: 'UI', Value: ['1.1'] },
      '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
      ...(frames !== undefined && { '00280008': { vr: 'IS', Value: [frames] } }),
    });
    expect(shownImageRef(instance(), 5)).toEqual(image('1.1'));
    expect(shownImageRef(instance(20), 5)).toEqual(image('1.1', '1.2.3.1', 6));
    expect(shownImageRef(undefined, 0)).toBeUndefined();
    expect(shownImageRef({}, 0)).toBeUndefined();
  });
});

describe('reportNotes', () => {
  it('says what a series of reports holds, the first (newest) report of a series speaking for it', () => {
    const notes = reportNotes([
      { seriesInstanceUID: '9.1', kind: 'measurements', keyImageCount: 0 },
      { seriesInstanceUID: '9.2', kind: 'keyObjects', keyImageCount: 2 },
      { seriesInstanceUID: '9.1', kind: 'keyObjects', keyImageCount: 5 },
    ]);
    expect([...notes]).toEqual([
      ['9.1', 'Report: click to read'],
      ['9.2', 'Key images (2)'],
    ]);
  });
});
