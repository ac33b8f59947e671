import type { DicomJsonDataset } from '../dicom/json';
import { firstString } from '../dicom/json';
import { instanceGeometry, sortInstances } from '../dicom/sortInstances';
import type { DicomwebClient } from '../dicomweb/client';
import { displayabilityOf, type Displayability } from './displayability';
import { withDeadline } from './loadError';
import { bulkDataFetcher } from './metadata/bulkData';
import { needsPixelTransform, PIXEL_TRANSFORM_SCHEME, wadorsIdOf } from './pixelTransformLoader';
import { frameDataset, numberOfFrames } from './metadata/frameDataset';
import type { FrameLease } from './metadata/metadataStore';
import { resolveLuts } from './metadata/resolveLuts';
import { seriesMetadata } from './studyRequests';

/** A series ready for a stack viewport: ordered image ids, one per frame, with their metadata registered. */
export interface LoadedSeries {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  /** Instances in display order (the tag browser reads them). */
  readonly instances: readonly DicomJsonDataset[];
  readonly imageIds: readonly string[];
  /** Index into `instances` for each image id. */
  readonly instanceOfImage: readonly number[];
  readonly displayability: Displayability;
}

/** Frame URL, absolute, as the wadors loader fetches it. */
function frameUrlOf(client: DicomwebClient, study: string, series: string, instance: string, frame: number): string {
  return new URL(client.frameUrl(study, series, instance, frame), globalThis.location.href).href;
}

/** Series metadata and lookup tables for one series: a stuck request becomes an error after this long. */
const METADATA_DEADLINE_MS = 60_000;

/**
 * Fetches a series' metadata, orders it, registers every frame with the metadata provider under
 * the viewer's lease and resolves the lookup tables its pixels need. Undisplayable series come
 * back with no image ids; an aborted load comes back as an error, never as a half-registered series.
 */
export async function loadSeries(
  client: DicomwebClient,
  study: string,
  series: string,
  lease: FrameLease,
  abort?: AbortSignal,
): Promise<LoadedSeries> {
  const signal = withDeadline(abort, METADATA_DEADLINE_MS);
  const metadata = await seriesMetadata(client, study, series, signal);
  const instances = sortInstances(metadata, instanceGeometry);
  const verdicts = instances.map(displayabilityOf);
  const firstDisplayable = verdicts.findIndex((verdict) => verdict.displayable);
  const displayability: Displayability =
    firstDisplayable >= 0 ? { displayable: true } : (verdicts[0] ?? { displayable: false, reason: 'Empty series' });
  const fetchBytes = bulkDataFetcher(() => client.authorizationHeaders(), signal);
  const imageIds: string[] = [];
  const instanceOfImage: number[] = [];
  for (const [index, instance] of instances.entries()) {
    if (!verdicts[index]!.displayable) continue;
    const sopInstanceUID = firstString(instance, '00080018');
    if (!sopInstanceUID) continue;
    const luts = await resolveLuts(instance, fetchBytes);
    for (let frameNumber = 1; frameNumber <= numberOfFrames(instance); frameNumber++) {
      const url = frameUrlOf(client, study, series, sopInstanceUID, frameNumber);
      const frame = {
        studyInstanceUID: study,
        seriesInstanceUID: series,
        sopInstanceUID,
        frameNumber,
        dataset: frameDataset(instance, frameNumber),
        ...luts,
      };
      const transform = needsPixelTransform(frame);
      const imageId = transform ? `${PIXEL_TRANSFORM_SCHEME}:${url}` : `wadors:${url}`;
      lease.register(imageId, frame);
      // The wadors loader inside the transform loader asks for metadata under its own id.
      if (transform) lease.register(wadorsIdOf(imageId), frame);
      imageIds.push(imageId);
      instanceOfImage.push(index);
    }
  }
  abort?.throwIfAborted();
  return { studyInstanceUID: study, seriesInstanceUID: series, instances, imageIds, instanceOfImage, displayability };
}
