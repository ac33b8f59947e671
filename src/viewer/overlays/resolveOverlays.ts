import type { DicomJsonDataset } from '../../dicom/json';
import { elementBytes, type FetchBytes } from '../metadata/bulkData';
import { overlayDescriptions, type OverlayPlane } from './overlayPlanes';

/** An instance's overlay planes with their bits fetched; a plane whose bits cannot be had is left out. */
export async function resolveOverlays(instance: DicomJsonDataset, fetchBytes: FetchBytes): Promise<OverlayPlane[]> {
  const planes = await Promise.all(
    overlayDescriptions(instance).map(async ({ dataTag, ...plane }) => {
      const data = await elementBytes(instance[dataTag], fetchBytes).catch(() => undefined);
      return data ? { ...plane, data } : undefined;
    }),
  );
  return planes.filter((plane): plane is OverlayPlane => plane !== undefined);
}
