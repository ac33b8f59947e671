import { enhancedStacks } from '../dicom/enhanced/dimensions';
import type { DicomJsonDataset } from '../dicom/json';
import { firstString } from '../dicom/json';
import { instanceGeometry, sortInstances } from '../dicom/sortInstances';
import type { DicomwebClient } from '../dicomweb/client';
import { displayabilityOf, type Displayability } from '../dicom/displayability';
import { withDeadline } from './loadError';
import { bulkDataFetcher, type FetchBytes } from './metadata/bulkData';
import { innerImageIdOf, needsPixelTransform, PIXEL_TRANSFORM_SCHEME } from './pixelTransformLoader';
import { frameDataset } from './metadata/frameDataset';
import type { FrameLease } from './metadata/metadataStore';
import { resolveLuts } from './metadata/resolveLuts';
import { resolveOverlays } from './overlays/resolveOverlays';
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
  /**
   * The stacks the scanner meant to be browsed apart (an enhanced object's stacks, temporal
   * positions, echoes), as runs of `imageIds`; one stack spanning them all for most series.
   */
  readonly stacks: readonly SeriesStack[];
}

/** A run of a series' image ids shown as a stack of its own. */
export interface SeriesStack {
  /** "Stack 2", "Echo 2 (TE 30 ms)"…; empty when the series is one stack. */
  readonly label: string;
  /** Index of its first image id in the series' `imageIds`. */
  readonly first: number;
  readonly count: number;
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
  return registerSeries(
    { studyInstanceUID: study, seriesInstanceUID: series, instances: sortInstances(metadata, instanceGeometry) },
    {
      frameImageId: (_instance, sopInstanceUID, frameNumber) =>
        `wadors:${frameUrlOf(client, study, series, sopInstanceUID, frameNumber)}`,
      fetchBytes: bulkDataFetcher(() => client.authorizationHeaders(), signal),
    },
    lease,
    abort,
  );
}

/** How a source names its frames for Cornerstone's loaders and reaches bulk data. */
interface FrameSource {
  /** The image id whose loader fetches and decodes this frame (1-based frame number). */
  frameImageId(instance: DicomJsonDataset, sopInstanceUID: string, frameNumber: number): string;
  readonly fetchBytes: FetchBytes;
}

/** A series' instances, already in display order. */
interface SeriesInstances {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly instances: readonly DicomJsonDataset[];
}

/**
 * Registers every displayable frame of a series with the metadata provider under the viewer's
 * lease and resolves the lookup tables its pixels need, whatever the source of its metadata.
 */
export async function registerSeries(
  { studyInstanceUID: study, seriesInstanceUID: series, instances }: SeriesInstances,
  source: FrameSource,
  lease: FrameLease,
  abort?: AbortSignal,
): Promise<LoadedSeries> {
  const verdicts = instances.map(displayabilityOf);
  const firstDisplayable = verdicts.findIndex((verdict) => verdict.displayable);
  const displayability: Displayability =
    firstDisplayable >= 0 ? { displayable: true } : (verdicts[0] ?? { displayable: false, reason: 'Empty series' });
  const imageIds: string[] = [];
  const instanceOfImage: number[] = [];
  const stacks: SeriesStack[] = [];
  for (const [index, instance] of instances.entries()) {
    if (!verdicts[index]!.displayable) continue;
    const sopInstanceUID = firstString(instance, '00080018');
    if (!sopInstanceUID) continue;
    const [luts, overlays] = await Promise.all([
      resolveLuts(instance, source.fetchBytes),
      resolveOverlays(instance, source.fetchBytes),
    ]);
    for (const { label, frameNumbers } of enhancedStacks(instance)) {
      if (label) stacks.push({ label, first: imageIds.length, count: frameNumbers.length });
      for (const frameNumber of frameNumbers) {
        const innerId = source.frameImageId(instance, sopInstanceUID, frameNumber);
        const frame = {
          studyInstanceUID: study,
          seriesInstanceUID: series,
          sopInstanceUID,
          frameNumber,
          dataset: frameDataset(instance, frameNumber),
          ...luts,
          ...(overlays.length && { overlays }),
        };
        const transform = needsPixelTransform(frame);
        const imageId = transform ? `${PIXEL_TRANSFORM_SCHEME}:${innerId}` : innerId;
        lease.register(imageId, frame);
        // The loader inside the transform loader asks for metadata under its own id.
        if (transform) lease.register(innerImageIdOf(imageId), frame);
        imageIds.push(imageId);
        instanceOfImage.push(index);
      }
    }
  }
  abort?.throwIfAborted();
  // Frames outside any labelled stack (classic instances beside an enhanced object) keep the series whole.
  const split = stacks.length > 1 && stacks.reduce((sum, stack) => sum + stack.count, 0) === imageIds.length;
  return {
    studyInstanceUID: study,
    seriesInstanceUID: series,
    instances,
    imageIds,
    instanceOfImage,
    displayability,
    stacks: split ? stacks : [{ label: '', first: 0, count: imageIds.length }],
  };
}
