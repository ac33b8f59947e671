import { useEffect, useRef, useState } from 'react';
import { SERIES_DRAG_TYPE, STACK_DRAG_TYPE } from './SeriesThumbnail';
import { useViewer, useViewerInstance } from './useViewer';
import { ViewportOverlay } from './ViewportOverlay';

/** One viewport: a div Cornerstone draws into, and one effect that attaches it. */
export function ViewportPane({ slot }: { slot: number }) {
  const viewer = useViewerInstance();
  const element = useRef<HTMLDivElement>(null);
  const active = useViewer((state) => state.activeSlot === slot);
  const [dropping, setDropping] = useState(false);

  useEffect(() => {
    const target = element.current;
    return target ? viewer.attachViewport(slot, target) : undefined;
  }, [viewer, slot]);

  // The pixel readout follows the mouse at most once per frame.
  const hoverFrame = useRef(0);
  const hover = (point: readonly [number, number] | undefined) => {
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => viewer.hover(slot, point));
  };

  return (
    <section
      className={`viewport${active ? ' active' : ''}${dropping ? ' dropping' : ''}`}
      aria-label={`Viewport ${slot + 1}`}
      data-slot={slot}
      onPointerDownCapture={() => viewer.setActiveSlot(slot)}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(SERIES_DRAG_TYPE)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(event) => {
        setDropping(false);
        const series = event.dataTransfer.getData(SERIES_DRAG_TYPE);
        if (!series) return;
        event.preventDefault();
        viewer.setActiveSlot(slot);
        void viewer.showSeries(slot, series, Number(event.dataTransfer.getData(STACK_DRAG_TYPE)) || 0);
      }}
      onContextMenu={(event) => event.preventDefault()}
      onPointerMove={(event) => {
        const box = element.current?.getBoundingClientRect();
        if (box) hover([event.clientX - box.left, event.clientY - box.top]);
      }}
      onPointerLeave={() => hover(undefined)}
    >
      <div ref={element} className="viewport-element" />
      <ViewportOverlay slot={slot} />
    </section>
  );
}
