import { useEffect, useRef } from 'react';
import { slotCount } from '../../viewer/viewerState';
import { useViewer, useViewerInstance } from './useViewer';
import { ViewportPane } from './ViewportPane';

/** The layout's viewports; tells the viewer when their size changes (Cornerstone leaves resizing to the app). */
export function ViewportGrid() {
  const viewer = useViewerInstance();
  const layout = useViewer((state) => state.layout);
  const grid = useRef<HTMLDivElement>(null);
  const [columns, rows] = layout.split('x').map(Number) as [number, number];

  useEffect(() => {
    const element = grid.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => viewer.resize());
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [viewer]);

  useEffect(() => viewer.resize(), [viewer, layout]);

  return (
    <div
      ref={grid}
      className="viewport-grid"
      style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}
      data-layout={layout}
    >
      {Array.from({ length: slotCount(layout) }, (_, slot) => (
        <ViewportPane key={slot} slot={slot} />
      ))}
    </div>
  );
}
