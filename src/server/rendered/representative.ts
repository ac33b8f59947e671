import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';
import type { RequestContext, SearchResult } from '../dicomweb/backend';
import type { RenderedRequest, SearchRequest } from '../dicomweb/request';
import { notFound } from '../errors';

/** The one instance a rendered or thumbnail request shows (the frame is chosen once its metadata is known). */
interface RenderTarget {
  study: string;
  series: string;
  instance: string;
}

export type Search = (request: SearchRequest, context: RequestContext) => Promise<SearchResult>;

/** Series without a picture of the patient: reports, key-image notes, presentation states, segmentations. */
const NOT_PICTURES = new Set(['SR', 'KO', 'PR', 'SEG', 'RTSTRUCT', 'RTPLAN', 'RTDOSE', 'RTRECORD', 'DOC']);
const MODALITY = '00080060';
const SERIES_NUMBER = '00200011';
const SERIES_UID = '0020000E';
export const INSTANCE_NUMBER = '00200013';
export const SOP_INSTANCE_UID = '00080018';
const ROWS = '00280010';

/**
 * A thumbnail shows one representative image at every level, as the viewer's thumbnails did: the
 * middle instance (by Instance Number) of the series, and for a study its first series (by Series
 * Number) that holds pictures.
 */
export async function representative(
  search: Search,
  request: RenderedRequest,
  context: RequestContext,
): Promise<RenderTarget> {
  const { study } = request;
  if (request.series !== undefined && request.instance !== undefined)
    return { study, series: request.series, instance: request.instance };
  const series = request.series ?? (await picturedSeries(search, request, context))[0]!;
  const instances = (await search(query('instances', study, series, [INSTANCE_NUMBER, ROWS]), context)).datasets;
  // Where the search reports Rows, instances without it hold no image.
  const images = instances.some((dataset) => ROWS in dataset) ? instances.filter((d) => ROWS in d) : instances;
  const sorted = [...images].sort(byNumber(INSTANCE_NUMBER));
  const middle = sorted[Math.floor(sorted.length / 2)];
  const instance = middle && firstString(middle, SOP_INSTANCE_UID);
  if (!instance) throw notFound('The series has no image to show', 'NO_IMAGE');
  return { study, series, instance };
}

/**
 * The study's series that hold pictures of the patient, by Series Number, within the request's
 * `onlySeries` where the guard set it. Never empty: a study without one is "not found".
 */
export async function picturedSeries(
  search: Search,
  request: Pick<RenderedRequest, 'study' | 'onlySeries'>,
  context: RequestContext,
): Promise<string[]> {
  const { study, onlySeries } = request;
  const series = (await search(query('series', study, undefined, [MODALITY, SERIES_NUMBER]), context)).datasets;
  if (series.length === 0) throw notFound(`Study ${study} not found`, 'STUDY_NOT_FOUND');
  const pictured = [...series]
    .sort(byNumber(SERIES_NUMBER))
    .filter((dataset) => isPicture(dataset))
    .map((dataset) => firstString(dataset, SERIES_UID))
    .filter((uid): uid is string => uid !== undefined && (onlySeries === undefined || onlySeries.includes(uid)));
  if (pictured.length === 0) throw notFound('The study has no image to show', 'NO_IMAGE');
  return pictured;
}

/** Whether a series or instance holds a picture of the patient, by its Modality (and Rows where given). */
export function isPicture(dataset: DicomJsonDataset, needRows = false): boolean {
  if (NOT_PICTURES.has(firstString(dataset, MODALITY) ?? '')) return false;
  return !needRows || firstNumber(dataset, ROWS) !== undefined;
}

function query(level: 'series' | 'instances', study: string, series: string | undefined, includefield: string[]) {
  return {
    kind: 'search',
    level,
    study,
    series,
    filters: [],
    includefield,
    offset: 0,
    fuzzymatching: false,
  } satisfies SearchRequest;
}

/** Ascending by a number attribute; those without it last, in the order found. */
export function byNumber(tag: string) {
  return (a: DicomJsonDataset, b: DicomJsonDataset) =>
    (firstNumber(a, tag) ?? Number.POSITIVE_INFINITY) - (firstNumber(b, tag) ?? Number.POSITIVE_INFINITY) || 0;
}
