import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryFiles, manifest } from '../../../test/support/corpus';
import { firstString, type DicomJsonDataset } from '../json';
import { part10ToJson } from '../part10Json';
import { KEY_OBJECT_TITLES } from './codes';
import { isKeyObjectSelection, readKeyObjectSelection } from './keyObjectSelection';
import { keyImageNotesOf, opinionOf } from './opinion';
import type { ImageRef } from './references';
import { buildReplyDocuments, type ReplyDocumentsInput } from './replyDocuments';
import { isMeasurementReport, readSrDocument } from './srDocument';
import { studyContextOf } from './studyContext';

/** A two-frame Enhanced CT: its key images need Referenced Frame Number. */
const enhancedCt = manifest.entries.find((entry) => entry.path === 'syntaxes/jpeg-extended__ct-fragmented-no-bot.dcm');
if (!enhancedCt) throw new Error('the corpus lacks the two-frame Enhanced CT');
const source = part10ToJson(readFileSync(entryFiles(enhancedCt)[0] ?? '')).dataset;
const frame = (frameNumber: number): ImageRef => ({
  studyInstanceUID: enhancedCt.studyInstanceUID ?? '',
  seriesInstanceUID: enhancedCt.seriesInstanceUID ?? '',
  sopInstanceUID: enhancedCt.sopInstanceUID ?? '',
  sopClassUID: enhancedCt.sopClassUID ?? '',
  frameNumber,
});

let counter = 0;
const input = (overrides: Partial<ReplyDocumentsInput> = {}): ReplyDocumentsInput => ({
  study: studyContextOf(source),
  observer: 'Dr Müller (consulting)',
  opinion: { findings: 'Hypodense lesion, 12 mm.', impression: 'Probably a cyst.' },
  keyImages: [
    { image: frame(2), note: 'Lesion, best seen here' },
    { image: frame(1), note: '' },
  ],
  keyObjectTitle: KEY_OBJECT_TITLES.forReferringProvider,
  now: new Date(2026, 11, 6, 10, 12, 0),
  newUid: () => `2.25.${++counter}`,
  ...overrides,
});
const json = (bytes: Uint8Array | undefined): DicomJsonDataset => part10ToJson(bytes ?? new Uint8Array()).dataset;
const items = (dataset: DicomJsonDataset | undefined, tag: string) =>
  (dataset?.[tag]?.Value ?? []) as DicomJsonDataset[];

describe('buildReplyDocuments without measurements', () => {
  const documents = buildReplyDocuments(input());
  const sr = json(documents.sr);
  const kos = json(documents.kos);

  it('copies patient and study from the study and puts each document in a new series', () => {
    for (const dataset of [sr, kos]) {
      for (const tag of ['00100010', '00100020', '00100030', '00100040', '0020000D', '00080020', '00200010']) {
        expect(firstString(dataset, tag), tag).toBe(firstString(source, tag));
      }
      expect(firstString(dataset, '00080005')).toBe('ISO_IR 192');
      expect(firstString(dataset, '00080070')).toBe('SecondRead');
      expect(firstString(dataset, '00080023')).toBe('20261206');
      expect(firstString(dataset, '00080033')).toBe('101200');
    }
    expect(documents.srRef.seriesInstanceUID).not.toBe(documents.kosRef?.seriesInstanceUID);
    expect(firstString(sr, '0020000E')).toBe(documents.srRef.seriesInstanceUID);
    expect(firstString(kos, '00080018')).toBe(documents.kosRef?.sopInstanceUID);
    expect([firstString(sr, '00080060'), firstString(kos, '00080060')]).toEqual(['SR', 'KO']);
  });

  it('writes a TID 1500 SR, complete because it holds an opinion, that reads back', () => {
    const document = readSrDocument(sr);
    expect(isMeasurementReport(document)).toBe(true);
    expect(document.completion).toBe('COMPLETE');
    expect(document.verification).toBe('UNVERIFIED');
    expect(document.observers).toEqual(['Dr Müller (consulting)']);
    expect(document.contentDateTime).toBe('2026-12-06T10:12:00');
    expect(opinionOf(document)).toEqual({ findings: 'Hypodense lesion, 12 mm.', impression: 'Probably a cyst.' });
    expect(keyImageNotesOf(document)).toEqual([{ image: frame(2), note: 'Lesion, best seen here' }]);
    expect(document.predecessors).toEqual([]);
  });

  it('writes a KOS with its title, notes and every key image, frame numbers in the content tree only', () => {
    expect(isKeyObjectSelection(kos)).toBe(true);
    expect(isKeyObjectSelection(sr)).toBe(false);
    expect(readKeyObjectSelection(kos)).toEqual({
      title: KEY_OBJECT_TITLES.forReferringProvider,
      description: 'Key image 1: Lesion, best seen here',
      observers: ['Dr Müller (consulting)'],
      images: [frame(2), frame(1)],
    });
    const imageItems = items(kos, '0040A730').filter((item) => firstString(item, '0040A040') === 'IMAGE');
    expect(imageItems.map((item) => items(item, '00081199')[0]?.['00081160']?.Value)).toEqual([[2], [1]]);
    const evidence = items(items(items(kos, '0040A375')[0], '00081115')[0], '00081199');
    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.['00081160']).toBeUndefined();
  });

  it('writes no KOS without key images, and a partial SR without an opinion', () => {
    const alone = buildReplyDocuments(input({ keyImages: [], opinion: { findings: '', impression: ' ' } }));
    expect(alone.kos).toBeUndefined();
    expect(alone.kosRef).toBeUndefined();
    const document = readSrDocument(json(alone.sr));
    expect(document.completion).toBe('PARTIAL');
    expect(opinionOf(document)).toBeUndefined();
  });

  it('names the superseded SR in Predecessor Documents Sequence', () => {
    const second = buildReplyDocuments(input({ predecessor: documents.srRef }));
    const document = readSrDocument(json(second.sr));
    expect(document.predecessors).toEqual([documents.srRef]);
    expect(second.srRef.sopInstanceUID).not.toBe(documents.srRef.sopInstanceUID);
    expect(second.srRef.seriesInstanceUID).not.toBe(documents.srRef.seriesInstanceUID);
  });
});
