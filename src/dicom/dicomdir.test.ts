import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDicomdir, type DicomdirImage, type FileSet } from './dicomdir';

const image = (n: number, fileId: string[]): DicomdirImage => ({
  fileId,
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
  sopInstanceUID: `1.2.3.4.${n}`,
  transferSyntaxUID: n % 2 === 0 ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2.4.90',
  instanceNumber: String(n),
});

const FILE_SET: FileSet = {
  fileSetID: 'SECONDREAD',
  sopInstanceUID: '2.25.1234',
  implementationClassUID: '2.25.5678',
  implementationVersionName: 'SECONDREAD_1',
  patients: [
    {
      patientID: 'PID1',
      patientName: 'Müller^Ève',
      studies: [
        {
          studyInstanceUID: '1.2.3.1',
          studyDate: '20240102',
          studyTime: '101500',
          studyDescription: 'CT chest',
          studyID: '7',
          accessionNumber: 'ACC1',
          series: [
            {
              seriesInstanceUID: '1.2.3.1.1',
              modality: 'CT',
              seriesNumber: '1',
              images: [
                image(1, ['DICOM', 'P0001', 'S0001', 'SE0001', 'IM0001']),
                image(2, ['DICOM', 'P0001', 'S0001', 'SE0001', 'IM0002']),
              ],
            },
            {
              seriesInstanceUID: '1.2.3.1.2',
              modality: 'SR',
              seriesNumber: '2',
              images: [image(3, ['DICOM', 'P0001', 'S0001', 'SE0002', 'IM0001'])],
            },
          ],
        },
        {
          studyInstanceUID: '1.2.3.2',
          studyDate: '',
          studyTime: '',
          studyDescription: '',
          studyID: '',
          accessionNumber: '',
          series: [
            {
              seriesInstanceUID: '1.2.3.2.1',
              modality: 'MR',
              seriesNumber: '5',
              images: [image(4, ['DICOM', 'P0001', 'S0002', 'SE0001', 'IM0001'])],
            },
          ],
        },
      ],
    },
    {
      patientID: 'PID2',
      patientName: 'Doe^Jane',
      studies: [
        {
          studyInstanceUID: '1.2.3.3',
          studyDate: '20200101',
          studyTime: '0800',
          studyDescription: 'XR',
          studyID: '1',
          accessionNumber: '',
          series: [
            {
              seriesInstanceUID: '1.2.3.3.1',
              modality: 'DX',
              seriesNumber: '1',
              images: [image(5, ['DICOM', 'P0002', 'S0001', 'SE0001', 'IM0001'])],
            },
          ],
        },
      ],
    },
  ],
};

interface ParsedRecord {
  at: number;
  next: number;
  lower: number;
  type: string;
  fileId?: string;
}

/** An independent reader of the directory records (defined-length items, Explicit VR LE), by position. */
function readRecords(bytes: Buffer): { first: number; last: number; records: Map<number, ParsedRecord> } {
  const sq = bytes.indexOf(Buffer.from([0x04, 0x00, 0x20, 0x12, 0x53, 0x51]));
  const ulAt = (tag: number[]) => {
    const at = bytes.indexOf(Buffer.from([...tag, 0x55, 0x4c]));
    return bytes.readUInt32LE(at + 8);
  };
  const first = ulAt([0x04, 0x00, 0x00, 0x12]);
  const last = ulAt([0x04, 0x00, 0x02, 0x12]);
  const end = sq + 12 + bytes.readUInt32LE(sq + 8);
  const records = new Map<number, ParsedRecord>();
  let at = sq + 12;
  while (at < end) {
    expect(bytes.readUInt16LE(at)).toBe(0xfffe);
    expect(bytes.readUInt16LE(at + 2)).toBe(0xe000);
    const itemEnd = at + 8 + bytes.readUInt32LE(at + 4);
    const record: ParsedRecord = { at, next: -1, lower: -1, type: '' };
    for (let e = at + 8; e < itemEnd;) {
      const tag = (bytes.readUInt16LE(e) << 16) | bytes.readUInt16LE(e + 2);
      const length = bytes.readUInt16LE(e + 6);
      const value = bytes.subarray(e + 8, e + 8 + length);
      if (tag === 0x00041400) record.next = value.readUInt32LE(0);
      if (tag === 0x00041420) record.lower = value.readUInt32LE(0);
      if (tag === 0x00041430) record.type = value.toString('latin1').trim();
      if (tag === 0x00041500) record.fileId = value.toString('latin1').trim();
      e += 8 + length;
    }
    records.set(at, record);
    at = itemEnd;
  }
  return { first, last, records };
}

describe('writeDicomdir', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secondread-dicomdir-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bytes = Buffer.from(writeDicomdir(FILE_SET));

  it('links every record by offsets that point at its item', () => {
    const { first, last, records } = readRecords(bytes);
    const walk = (offset: number): string[] => {
      const out: string[] = [];
      for (let at = offset; at !== 0;) {
        const record = records.get(at);
        expect(record, `offset ${at} points at a record`).toBeDefined();
        out.push(record!.type + (record!.fileId ? ` ${record!.fileId}` : ''));
        if (record!.lower !== 0) out.push(...walk(record!.lower).map((line) => `  ${line}`));
        at = record!.next;
      }
      return out;
    };
    expect(walk(first)).toEqual([
      'PATIENT',
      '  STUDY',
      '    SERIES',
      '      IMAGE DICOM\\P0001\\S0001\\SE0001\\IM0001',
      '      IMAGE DICOM\\P0001\\S0001\\SE0001\\IM0002',
      '    SERIES',
      '      IMAGE DICOM\\P0001\\S0001\\SE0002\\IM0001',
      '  STUDY',
      '    SERIES',
      '      IMAGE DICOM\\P0001\\S0002\\SE0001\\IM0001',
      'PATIENT',
      '  STUDY',
      '    SERIES',
      '      IMAGE DICOM\\P0002\\S0001\\SE0001\\IM0001',
    ]);
    expect(records.get(last)?.type).toBe('PATIENT');
    expect(records.get(last)?.next).toBe(0);
    expect(records.size).toBe(14);
  });

  it('is a file dcmdump reads without complaint, with the values and offsets it was given', () => {
    const file = path.join(dir, 'DICOMDIR');
    writeFileSync(file, bytes);
    const dump = spawnSync('dcmdump', ['+U8', file], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    expect(dump.stderr).toBe('');
    const output = dump.stdout;
    expect(output).toContain('(0002,0002) UI =MediaStorageDirectoryStorage');
    expect(output).toContain('(0002,0010) UI =LittleEndianExplicit');
    expect(output).toContain('(0004,1130) CS [SECONDREAD]');
    expect(output.match(/\(0004,1430\) CS \[PATIENT\]/g)).toHaveLength(2);
    expect(output.match(/\(0004,1430\) CS \[STUDY\]/g)).toHaveLength(3);
    expect(output.match(/\(0004,1430\) CS \[IMAGE\]/g)).toHaveLength(5);
    expect(output).toContain('(0004,1500) CS [DICOM\\P0001\\S0001\\SE0002\\IM0001]');
    expect(output).toContain('(0004,1512) UI =JPEG2000LosslessOnly');
    expect(output).toContain('(0008,0005) CS [ISO_IR 192]');
    expect(output).toContain('(0010,0010) PN [Müller^Ève]');
    expect(output).toContain('(0020,000d) UI [1.2.3.3]');
    // dcmdump prints where it found each record; every offset in the file must name one of them.
    const recordsAt = new Set([...output.matchAll(/offset=\$(\d+)/g)].map((m) => Number(m[1])));
    expect(recordsAt.size).toBe(14);
    const references = [...output.matchAll(/\((0004,1200|0004,1202|0004,1400|0004,1420)\) up (\d+)/g)]
      .map((m) => Number(m[2]))
      .filter((n) => n !== 0);
    // First and last root records, 4 next-sibling links, 9 records with children.
    expect(references.length).toBe(2 + 4 + 9);
    for (const offset of references) expect(recordsAt).toContain(offset);
  });

  it('refuses a file ID component PS3.10 does not allow', () => {
    const bad = structuredClone(FILE_SET);
    bad.patients[0]!.studies[0]!.series[0]!.images[0]!.fileId = ['DICOM', 'toolong123'];
    expect(() => writeDicomdir(bad)).toThrow(/Referenced File ID/);
  });
});
