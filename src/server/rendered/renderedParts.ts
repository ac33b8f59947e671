import { firstString, type DicomJsonDataset } from '../../dicom/json';
import type { RequestContext } from '../dicomweb/backend';
import type { RenderedRequest } from '../dicomweb/request';
import { notFound } from '../errors';
import { checkFrame, frameCount, storedMetadata, type Picture, type RenderSource } from './renderPicture';
import {
  byNumber,
  INSTANCE_NUMBER,
  isPicture,
  picturedSeries,
  representative,
  SOP_INSTANCE_UID,
} from './representative';

/** The images an answer shows, the versions of the metadata they come from, and whether it is multipart. */
interface RenderPlan {
  pictures: Picture[];
  versions: string[];
  multipart: boolean;
}

/**
 * What a rendered resource holds (PS3.18 10.4.1.1.4): a study or series every image in it, in
 * Series and Instance Number order, each frame of a multi-frame image an image of its own, and
 * what holds no picture of the patient (SR, SEG, RT, presentation states) left out; an instance
 * its frames; a frame list the frames named. One frame named, or a single-frame instance, is one
 * image; anything else is multipart, even when it holds one image.
 */
export async function renderedPlan(
  source: RenderSource,
  request: RenderedRequest,
  context: RequestContext,
): Promise<RenderPlan> {
  const { study, series, instance } = request;
  if (series !== undefined && instance !== undefined) {
    const { datasets, version } = await storedMetadata(source, { study, series, instance }, context);
    const dataset = datasets[0];
    if (dataset === undefined) throw notFound('Instance not found');
    const frames = request.frames ?? Array.from({ length: frameCount(dataset) }, (_, i) => i + 1);
    for (const frame of frames) checkFrame(dataset, frame);
    const pictures = frames.map((frame) => ({ study, series, instance, frame, dataset }));
    return { pictures, versions: [version], multipart: pictures.length > 1 };
  }
  const seriesList = series !== undefined ? [series] : await picturedSeries(source.search, request, context);
  const pictures: Picture[] = [];
  const versions: string[] = [];
  for (const uid of seriesList) {
    context.signal.throwIfAborted();
    const { datasets, version } = await storedMetadata(source, { study, series: uid }, context);
    versions.push(version);
    pictures.push(...seriesPictures(study, uid, datasets));
  }
  if (pictures.length === 0) {
    throw notFound(
      series === undefined ? 'The study has no image to show' : 'The series has no image to show',
      'NO_IMAGE',
    );
  }
  return { pictures, versions, multipart: true };
}

/** A thumbnail is one representative image at every level; of a multi-frame instance, its middle frame. */
export async function thumbnailPlan(
  source: RenderSource,
  request: RenderedRequest,
  context: RequestContext,
): Promise<RenderPlan> {
  const target = await representative(source.search, request, context);
  const { datasets, version } = await storedMetadata(source, target, context);
  const dataset = datasets[0];
  if (dataset === undefined) throw notFound('Instance not found');
  const frame = request.frames?.[0] ?? Math.ceil(frameCount(dataset) / 2);
  checkFrame(dataset, frame);
  return { pictures: [{ ...target, frame, dataset }], versions: [version], multipart: false };
}

function seriesPictures(study: string, series: string, datasets: DicomJsonDataset[]): Picture[] {
  return datasets
    .filter((dataset) => isPicture(dataset, true))
    .sort(byNumber(INSTANCE_NUMBER))
    .flatMap((dataset) => {
      const instance = firstString(dataset, SOP_INSTANCE_UID);
      if (instance === undefined) return [];
      return Array.from({ length: frameCount(dataset) }, (_, i) => ({
        study,
        series,
        instance,
        frame: i + 1,
        dataset,
      }));
    });
}
