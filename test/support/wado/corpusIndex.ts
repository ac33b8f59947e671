import { readFileSync } from 'node:fs';
import dcmjs, { type DcmjsDataset } from 'dcmjs';
import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue } from '../../../src/dicom/json';
import type { InstanceIndex, StoredInstance } from '../../../src/server/archive/types';
import { parsePart10 } from '../../../src/server/archive/wado/dicomParser';

/**
 * Test double of the archive index over corpus files, for WADO-RS tests until and beside the
 * real SQLite index. Many corpus files share UIDs (one image in many syntaxes), so each file
 * gets its own series and SOP Instance UID here: `1.2.826.0.1.3680043.10.1.<n>`.
 */
export const TEST_STUDY = '1.2.826.0.1.3680043.10.1';

export interface CorpusIndex extends InstanceIndex {
  instances: StoredInstance[];
  /** The instance made of a corpus file. */
  byPath(path: string): StoredInstance;
}

export function corpusIndex(paths: string[]): CorpusIndex {
  const instances = paths.map((path, i): StoredInstance => {
    const ids = {
      studyInstanceUID: TEST_STUDY,
      seriesInstanceUID: `${TEST_STUDY}.${i + 1}`,
      sopInstanceUID: `${TEST_STUDY}.${i + 1}.1`,
      path,
    };
    try {
      const { dataSet, transferSyntaxUID } = parsePart10(readFileSync(path), '1.2.840.10008.1.2');
      return {
        ...ids,
        sopClassUID: dataSet.string('x00080016') ?? '',
        transferSyntaxUID,
        numberOfFrames: dataSet.intString('x00280008') ?? 1,
        instanceNumber: dataSet.intString('x00200013'),
      };
    } catch {
      // Malformed files still get an index row, as a lenient archive might have stored them.
      return {
        ...ids,
        sopClassUID: '',
        transferSyntaxUID: '1.2.840.10008.1.2.1',
        numberOfFrames: 1,
        instanceNumber: undefined,
      };
    }
  });
  return {
    instances,
    byPath: (path) => instances.find((instance) => instance.path === path) ?? fail(`${path} is not in the index`),
    find: (study, series, instance) =>
      instances.filter(
        (i) =>
          i.studyInstanceUID === study &&
          (series === undefined || i.seriesInstanceUID === series) &&
          (instance === undefined || i.sopInstanceUID === instance),
      ),
    metadata: (sop) => {
      const instance = instances.find((i) => i.sopInstanceUID === sop);
      return instance && metadataOf(instance);
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}

const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);

/** DICOM JSON from dcmjs, binary values replaced by relative BulkDataURIs as the archive writes them. */
function metadataOf(instance: StoredInstance): DicomJsonDataset {
  const bytes = readFileSync(instance.path);
  const { dict } = dcmjs.data.DicomMessage.readFile(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  );
  const json = toJson(dict, 'bulk');
  json['0020000D'] = { vr: 'UI', Value: [instance.studyInstanceUID] };
  json['0020000E'] = { vr: 'UI', Value: [instance.seriesInstanceUID] };
  json['00080018'] = { vr: 'UI', Value: [instance.sopInstanceUID] };
  return json;
}

function toJson(dataset: DcmjsDataset, prefix: string): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [tag, element] of Object.entries(dataset)) {
    const path = `${prefix}/${tag}`;
    if (BINARY_VRS.has(element.vr)) {
      out[tag] = { vr: element.vr, BulkDataURI: path };
    } else if (element.vr === 'SQ') {
      const items = (element.Value ?? []) as DcmjsDataset[];
      out[tag] = { vr: 'SQ', Value: items.map((item, i) => toJson(item, `${path}/${i}`)) };
    } else {
      const value: DicomJsonElement = { vr: element.vr };
      if (element.Value !== undefined) value.Value = element.Value as DicomJsonValue[];
      out[tag] = value;
    }
  }
  return out;
}
