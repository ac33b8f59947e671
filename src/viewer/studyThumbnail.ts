import { firstString } from '../dicom/json';
import type { DicomwebClient } from '../dicomweb/client';
import { dropImages } from './dropImages';
import { getEngine } from './engine';
import { FrameLease } from './metadata/metadataStore';
import { loadSeries } from './seriesLoader';
import { renderThumbnail, servedThumbnail } from './thumbnails';

/** Series without a picture of the patient: reports, key-image notes, presentation states, segmentations. */
const NOT_PICTURES = new Set(['SR', 'KO', 'PR', 'SEG', 'RTSTRUCT', 'DOC']);

/** Study pictures in the patient's list are drawn at this size. */
const STUDY_THUMBNAIL_SIZE = 128;

/**
 * A small picture of a study for a list of studies (a patient's): the middle image of its first
 * series with pictures, as a data URL; undefined when it has none. The server's study thumbnail
 * (PS3.18) when it makes one; else drawn here, its frames let go once drawn, so a list of studies
 * does not fill the image cache.
 */
export async function studyThumbnail(
  client: DicomwebClient,
  studyInstanceUID: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const served = await servedThumbnail(
    `${client.baseUrl}/studies/${studyInstanceUID}/thumbnail?viewport=${STUDY_THUMBNAIL_SIZE},${STUDY_THUMBNAIL_SIZE}`,
    () => client.authorizationHeaders(),
    signal,
  );
  if (served !== undefined) return served;
  getEngine();
  const series = await client.searchSeries(studyInstanceUID, {}, signal);
  const pictured = series.find((entry) => !NOT_PICTURES.has(firstString(entry, '00080060') ?? ''));
  const seriesInstanceUID = pictured && firstString(pictured, '0020000E');
  if (!seriesInstanceUID) return undefined;
  const lease = new FrameLease();
  try {
    const loaded = await loadSeries(client, studyInstanceUID, seriesInstanceUID, lease, signal);
    const middle = loaded.imageIds[Math.floor(loaded.imageIds.length / 2)];
    return middle === undefined
      ? undefined
      : await renderThumbnail(middle, () => client.authorizationHeaders(), signal);
  } finally {
    dropImages(lease.release());
  }
}
