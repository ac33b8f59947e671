import { useMemo } from 'react';
import { useViewer, useViewerInstance } from '../useViewer';
import { sameImage, shownImageRef } from './reportText';

/** Whether the active viewport's image is marked as a key image, and whether there is an image to mark. */
function useShownKeyImage(): { marked: boolean; markable: boolean } {
  const viewer = useViewerInstance();
  const slot = useViewer((state) => state.activeSlot);
  const status = useViewer((state) => state.slots[state.activeSlot]?.status);
  // Only an image can be a key image: a report series' placeholder has none.
  const pixels = useViewer((state) => {
    const shown = state.slots[state.activeSlot]?.seriesInstanceUID;
    return state.series.find((entry) => entry.seriesInstanceUID === shown)?.displayability?.displayable !== false;
  });
  const imageIndex = useViewer((state) => state.slots[state.activeSlot]?.imageIndex ?? 0);
  const series = useViewer((state) => state.slots[state.activeSlot]?.seriesInstanceUID);
  const keyImages = useViewer((state) => state.keyImages);
  // The viewer does not report its current instance; the slot's image and series are what change it.
  const shown = useMemo(
    () => (status === 'ready' && pixels ? shownImageRef(viewer.currentInstance(slot), imageIndex) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- series and status are triggers, read by currentInstance
    [viewer, slot, imageIndex, series, status, pixels],
  );
  return {
    markable: shown !== undefined,
    marked: shown !== undefined && keyImages.some((key) => sameImage(key.image, shown)),
  };
}

/**
 * The key-image star (also `K`) and "Next key image" (also `N`), for both toolbars and the report
 * panel. `compact` drops the words where the bar is short of room; the title keeps them.
 */
export function KeyImageButtons({ compact = false, next = true }: { compact?: boolean; next?: boolean }) {
  const viewer = useViewerInstance();
  const count = useViewer((state) => state.keyImages.length);
  const { marked, markable } = useShownKeyImage();
  return (
    <>
      <button
        type="button"
        className={`button tool key-image-toggle${marked ? ' selected' : ''}`}
        aria-pressed={marked}
        title="Key image (K)"
        aria-label="Key image"
        disabled={!markable}
        onClick={() => viewer.toggleKeyImage()}
      >
        <span aria-hidden="true">{marked ? '★' : '☆'}</span>
        {!compact && <span aria-hidden="true"> Key</span>}
      </button>
      {next && (
        <button
          type="button"
          className="button tool"
          title="Next key image (N)"
          disabled={count === 0}
          onClick={() => viewer.nextKeyImage()}
        >
          {compact ? 'Next ★' : 'Next key'}
        </button>
      )}
    </>
  );
}
