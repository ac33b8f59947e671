import { formatReadout } from '../../viewer/overlayInfo';
import { describeRenderChoice } from '../../viewer/renderer/renderChoice';
import type { ViewerState } from '../../viewer/viewerState';
import { FirstImagePreview, useFirstPreview } from './FirstImagePreview';
import { ViewportReport } from './report/ViewportReport';
import { useViewer } from './useViewer';

const Corner = ({ lines, position }: { lines: readonly string[]; position: string }) => (
  <div className={`overlay-corner ${position}`}>
    {lines.map((line, index) => (
      <div key={index}>{line}</div>
    ))}
  </div>
);

/** Which path draws the image (GPU or CPU) and, on hover, why. */
function RenderBadge({ choice }: { choice: ViewerState['renderChoice'] }) {
  const { label, title } = describeRenderChoice(choice);
  return (
    <span className={`render-badge ${choice.mode}`} data-render-mode={choice.mode} title={title}>
      {label}
    </span>
  );
}

/** The series a slot holds when it has no pixels to show (a placeholder), else undefined. */
function withoutPixels(state: ViewerState, slot: number): string | undefined {
  const shown = state.slots[slot]?.seriesInstanceUID;
  if (shown === undefined) return undefined;
  if (state.slots[slot]?.status === 'placeholder') return shown;
  const entry = state.series.find((candidate) => candidate.seriesInstanceUID === shown);
  return entry?.displayability?.displayable === false ? shown : undefined;
}

/** Text over the image: corners, orientation markers, and what to say when there is no image. */
export function ViewportOverlay({ slot }: { slot: number }) {
  const state = useViewer((viewerState) => viewerState.slots[slot]);
  const render = useViewer((viewerState) => viewerState.renderChoice);
  // A report series has no pixels: the viewport reads the document out instead of saying so.
  const series = useViewer((viewerState) => withoutPixels(viewerState, slot));
  const readable = useViewer((viewerState) =>
    viewerState.reports.some(
      (report) =>
        report.seriesInstanceUID === series && (report.kind === 'keyObjects' || report.document !== undefined),
    ),
  );
  const preview = useFirstPreview(state);
  if (!state) return null;
  const { overlay, markers, status, message } = state;
  return (
    <div className="viewport-overlay" data-status={status}>
      {status === 'ready' && overlay && (
        <>
          <Corner lines={overlay.topLeft} position="top-left" />
          <Corner lines={overlay.topRight} position="top-right" />
          <Corner
            lines={state.cursor ? [...overlay.bottomLeft, formatReadout(state.cursor, state.unit)] : overlay.bottomLeft}
            position="bottom-left"
          />
          <Corner lines={overlay.bottomRight} position="bottom-right" />
        </>
      )}
      {status === 'ready' && markers && (
        <>
          <span className="marker top">{markers.top}</span>
          <span className="marker right">{markers.right}</span>
          <span className="marker bottom">{markers.bottom}</span>
          <span className="marker left">{markers.left}</span>
        </>
      )}
      {status === 'ready' && !state.calibrated && (
        <span className="uncalibrated">Uncalibrated: measurements in pixels</span>
      )}
      {status === 'loading' &&
        (preview ? (
          <FirstImagePreview preview={preview} />
        ) : (
          <p className="viewport-message" role="status">
            Loading…
          </p>
        ))}
      {status === 'empty' && <p className="viewport-message muted">Drop a series here</p>}
      {readable && series && <ViewportReport seriesInstanceUID={series} />}
      {((status === 'placeholder' && !readable) || status === 'error') && (
        <p className={`viewport-message ${status}`} role={status === 'error' ? 'alert' : 'status'}>
          {message}
        </p>
      )}
      {status === 'ready' && message && !readable && (
        <p className="viewport-banner" role="alert">
          {message}
        </p>
      )}
      <RenderBadge choice={render} />
      {status === 'ready' && state.partial && (
        <span className="quality-badge" role="status" title="A reduced-resolution preview; the full image follows">
          Preview
        </span>
      )}
    </div>
  );
}
