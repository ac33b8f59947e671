/**
 * Builds QIDO-RS result datasets (PS3.18 10.6.3.3): the required return attributes of the query
 * level and of the levels above it, the matching keys, the includefield attributes, RetrieveURL
 * and the computed study/series attributes. Required and requested attributes the entity lacks
 * are sent empty, as Orthanc and dcm4chee do, so a client can tell "empty" from "not supported".
 */
import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue } from '../../../dicom/json';
import { dictionaryVr, type Tag } from '../../../dicom/tags';
import type { SearchRequest } from '../../dicomweb/request';
import { levelOf, type Level } from '../../../dicom/levels';
import { CONDITIONAL_RETURN_KEYS, REQUIRED_RETURN_KEYS } from './returnKeys';

export interface ResultRow {
  study_uid: string;
  sort_key: string;
  study_dataset: string;
  modalities: string | null;
  series_count: number;
  instance_count: number;
  series_uid?: string;
  series_dataset?: string;
  series_instance_count?: number;
  sop_uid?: string;
  instance_dataset?: string;
}

/** Attributes computed per study; only study results carry them (as Orthanc does). */
const STUDY_ONLY = new Set<Tag>(['00080061', '00201206', '00201208', '00080056', '00081190']);
const LEVELS: Level[] = ['study', 'series', 'instance'];

export function buildResult(
  level: Level,
  row: ResultRow,
  request: SearchRequest,
  publicBase: string,
  representative: () => DicomJsonDataset | undefined,
): DicomJsonDataset {
  const depth = LEVELS.indexOf(level);
  const datasets: Partial<Record<Level, DicomJsonDataset>> = { study: studyDataset(row) };
  if (row.series_dataset !== undefined) {
    datasets.series = {
      ...parse(row.series_dataset),
      '00201209': { vr: 'IS', Value: [row.series_instance_count ?? 0] },
    };
  }
  if (row.instance_dataset !== undefined) datasets.instance = parse(row.instance_dataset);

  const wanted = new Set<Tag>(['0020000D']);
  if (depth >= 1) wanted.add('0020000E');
  LEVELS.slice(0, depth + 1).forEach((l) => {
    for (const tag of REQUIRED_RETURN_KEYS[l]) if (l === level || !STUDY_ONLY.has(tag)) wanted.add(tag);
  });
  for (const filter of request.filters) wanted.add(filter.path[0]!);
  if (request.includefield !== 'all') for (const tag of request.includefield) wanted.add(tag);
  wanted.delete('00081190');
  wanted.delete('00080056');

  let below: DicomJsonDataset | undefined;
  const lookup = (tag: Tag): DicomJsonElement | undefined => {
    const own = datasets[levelOf(tag)];
    if (own !== undefined) return own[tag] ?? datasets.instance?.[tag];
    // A lower-level attribute asked of a study or series: taken from one of its instances.
    below ??= representative() ?? {};
    return below[tag];
  };

  const result: DicomJsonDataset = {};
  if (request.includefield === 'all') {
    for (const l of LEVELS.slice(0, depth + 1)) Object.assign(result, withoutBulk(datasets[l] ?? {}));
  }
  for (const tag of CONDITIONAL_RETURN_KEYS) {
    const element = lookup(tag);
    if (element !== undefined) result[tag] = element;
  }
  for (const tag of wanted) result[tag] = lookup(tag) ?? { vr: dictionaryVr(tag) ?? 'UN' };
  result['00080056'] = { vr: 'CS', Value: ['ONLINE'] };
  result['00081190'] = { vr: 'UR', Value: [retrieveUrl(publicBase, row, level)] };
  return sorted(withoutBulk(result));
}

function studyDataset(row: ResultRow): DicomJsonDataset {
  const modalities = row.modalities === null ? { vr: 'CS' } : (JSON.parse(row.modalities) as DicomJsonElement);
  return {
    ...parse(row.study_dataset),
    '00080061': modalities,
    '00201206': { vr: 'IS', Value: [row.series_count] },
    '00201208': { vr: 'IS', Value: [row.instance_count] },
  };
}

function retrieveUrl(base: string, row: ResultRow, level: Level): string {
  const study = `${base}/studies/${row.study_uid}`;
  if (level === 'study') return study;
  const series = `${study}/series/${row.series_uid ?? ''}`;
  return level === 'series' ? series : `${series}/instances/${row.sop_uid ?? ''}`;
}

/** QIDO-RS answers carry no bulk data; the instance-relative BulkDataURIs would mean nothing here. */
function withoutBulk(dataset: DicomJsonDataset): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [tag, element] of Object.entries(dataset)) {
    if (element.BulkDataURI !== undefined || element.InlineBinary !== undefined) continue;
    out[tag] = element.vr === 'SQ' && element.Value ? { vr: 'SQ', Value: element.Value.map(item) } : element;
  }
  return out;
}

function item(value: DicomJsonValue): DicomJsonValue {
  const isPersonName =
    typeof value === 'object' &&
    value !== null &&
    ('Alphabetic' in value || 'Ideographic' in value || 'Phonetic' in value);
  return typeof value === 'object' && value !== null && !isPersonName ? withoutBulk(value as DicomJsonDataset) : value;
}

function sorted(dataset: DicomJsonDataset): DicomJsonDataset {
  return Object.fromEntries(Object.entries(dataset).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function parse(json: string): DicomJsonDataset {
  return JSON.parse(json) as DicomJsonDataset;
}
