import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import type { DicomJsonDataset } from '../dicom/json';
import { Part10Error, part10ToJson } from '../dicom/part10Json';
import {
  DICOMDIR_REASON,
  groupLocalInstances,
  isDicomdirName,
  localInstanceProblem,
  type LocalInstance,
  type LocalSeries,
} from './localInstances';
import { numberOfFrames } from './metadata/frameDataset';
import { LOCAL_FILE_SCHEME } from './localFileLoader';
import { registerSeries } from './seriesLoader';
import type { SeriesSource } from './seriesSource';

/** A file that is not shown, and why, in words. */
export interface SkippedFile {
  readonly name: string;
  readonly reason: string;
}

/** Files from this device, read in the browser and grouped into studies; nothing else is kept of their bytes. */
export interface LocalFiles {
  readonly studyInstanceUIDs: readonly string[];
  readonly series: readonly LocalSeries<ReadFile>[];
  readonly instanceCount: number;
  readonly skipped: readonly SkippedFile[];
}

/** A viewer's source for files read here: their pixels load through the image loader until `release`. */
interface LocalSeriesSource extends SeriesSource {
  /** Lets go of the files the image loader was handed; safe twice. */
  release(): void;
}

interface ReadFile extends LocalInstance {
  readonly file: File;
}

/** Where a picked folder's file sits inside it; a lone file's name. */
function nameOf(file: File): string {
  return file.webkitRelativePath || file.name;
}

async function readOne(file: File): Promise<ReadFile | SkippedFile> {
  if (isDicomdirName(nameOf(file))) return { name: nameOf(file), reason: DICOMDIR_REASON };
  let dataset: DicomJsonDataset;
  try {
    // Every binary value stays inline: there is no server to fetch bulk data (lookup tables) from.
    const parsed = part10ToJson(await file.arrayBuffer(), { inlineBinaryMaxBytes: Number.POSITIVE_INFINITY });
    dataset = parsed.dataset;
  } catch (error) {
    return { name: nameOf(file), reason: error instanceof Part10Error ? error.message : 'The file could not be read' };
  }
  const problem = localInstanceProblem(dataset);
  return problem ? { name: nameOf(file), reason: problem } : { name: nameOf(file), dataset, file };
}

const noBulkData = () =>
  Promise.reject(new Error('This file keeps part of its data apart from the image, which is not supported here'));

/**
 * Reads files picked or dropped on this device one at a time (a disc may hold thousands; only their
 * metadata is kept) and groups them into studies. Nothing leaves the browser.
 */
export async function readLocalFiles(
  files: readonly File[],
  onProgress?: (read: number) => void,
  signal?: AbortSignal,
): Promise<LocalFiles> {
  const readable: ReadFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const [index, file] of files.entries()) {
    signal?.throwIfAborted();
    const result = await readOne(file);
    if ('dataset' in result) readable.push(result);
    else skipped.push(result);
    onProgress?.(index + 1);
  }
  const { studyInstanceUIDs, series, duplicates } = groupLocalInstances(readable);
  for (const duplicate of duplicates)
    skipped.push({ name: duplicate.name, reason: 'The same image as another file (same SOP Instance UID)' });
  return { studyInstanceUIDs, series, instanceCount: readable.length - duplicates.length, skipped };
}

/**
 * The files as a viewer's series source. Their pixels load through the image loader's
 * `dicomfile:` scheme, straight from the files; the metadata is what `readLocalFiles` read.
 */
export function localSeriesSource({ series }: LocalFiles): LocalSeriesSource {
  const { fileManager } = dicomImageLoader.wadouri;
  const imageIds = new Map<DicomJsonDataset, string>();
  for (const { instances } of series)
    for (const instance of instances) imageIds.set(instance.dataset, fileManager.add(instance.file));
  const bySeries = new Map(series.map((item) => [item.entry.seriesInstanceUID, item]));
  const imageIdOf = (instance: DicomJsonDataset) => imageIds.get(instance)!;
  let released = false;
  return {
    kind: 'device',
    listSeries: (study) =>
      Promise.resolve(series.filter(({ entry }) => entry.studyInstanceUID === study).map(({ entry }) => entry)),
    loadSeries: async (study, seriesInstanceUID, lease, abort) => {
      const found = bySeries.get(seriesInstanceUID);
      if (found?.entry.studyInstanceUID !== study) throw new Error('Series not found among the files');
      return registerSeries(
        { studyInstanceUID: study, seriesInstanceUID, instances: found.instances.map(({ dataset }) => dataset) },
        {
          // The loader's frame parameter is 1-based, as PS3.18 frame numbers are.
          frameImageId: (instance, _sop, frameNumber) =>
            numberOfFrames(instance) > 1 ? `${imageIdOf(instance)}?frame=${frameNumber}` : imageIdOf(instance),
          fetchBytes: noBulkData,
        },
        lease,
        abort,
      );
    },
    release: () => {
      if (released) return;
      released = true;
      for (const imageId of imageIds.values()) fileManager.remove(Number(imageId.slice(LOCAL_FILE_SCHEME.length + 1)));
    },
  };
}
