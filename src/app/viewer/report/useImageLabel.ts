import type { ImageRef } from '../../../dicom/sr/references';
import { useViewer, useViewerInstance } from '../useViewer';
import { imageLabel } from './reportText';

/**
 * Names images as `imageLabel` does, with their number in the stack. The viewer knows an image's
 * place once its series is loaded; the series list changes then (status, thumbnail), which renders
 * the label again.
 */
export function useImageLabel(): (image: ImageRef) => string {
  const viewer = useViewerInstance();
  const series = useViewer((state) => state.series);
  return (image) => imageLabel(image, series, viewer.stackIndexOf(image));
}
