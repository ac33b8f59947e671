import type { Measurement } from '../../../viewer/viewerState';
import { useViewer, useViewerInstance } from '../useViewer';
import { useImageLabel } from './useImageLabel';

/** A label is committed when the reader leaves the field or presses Enter, not on every key. */
function LabelInput({ measurement }: { measurement: Measurement }) {
  const viewer = useViewerInstance();
  const commit = (value: string) => {
    if (value.trim() !== measurement.label) viewer.labelMeasurement(measurement.uid, value.trim());
  };
  return (
    <input
      className="report-inline-input"
      defaultValue={measurement.label}
      placeholder="Add a label"
      maxLength={64}
      aria-label={`Label for ${measurement.toolLabel} ${measurement.summary}`}
      onBlur={(event) => commit(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
      }}
    />
  );
}

/** One measurement: a jump to its image, its value, and (when it is the reader's own) label and delete. */
export function MeasurementItem({ measurement }: { measurement: Measurement }) {
  const viewer = useViewerInstance();
  const imageLabel = useImageLabel();
  return (
    <li className="report-item" data-measurement-uid={measurement.uid}>
      <button
        type="button"
        className="button report-jump"
        title={`Show on ${imageLabel(measurement.image)}`}
        onClick={() => void viewer.showMeasurement(measurement.uid)}
      >
        <span className="report-item-tool">{measurement.toolLabel}</span>
        <span className="report-item-value">{measurement.summary}</span>
        {measurement.readOnly && measurement.label && <span className="report-item-label">{measurement.label}</span>}
      </button>
      {!measurement.readOnly && (
        <div className="report-item-edit">
          {/* Keyed by the label so a change made elsewhere (an arrow's text) shows here. */}
          <LabelInput key={measurement.label} measurement={measurement} />
          <button
            type="button"
            className="button button-quiet report-delete"
            aria-label={`Delete ${measurement.toolLabel} ${measurement.summary}`}
            title="Delete"
            onClick={() => viewer.deleteMeasurement(measurement.uid)}
          >
            ✕
          </button>
        </div>
      )}
    </li>
  );
}

/** The reader's own measurements, newest last: the ones a send or save stores. */
export function MeasurementList() {
  const all = useViewer((state) => state.measurements);
  const own = all.filter((measurement) => !measurement.readOnly);
  return (
    <section className="report-section" aria-labelledby="report-measurements">
      <h3 id="report-measurements">Measurements ({own.length})</h3>
      {own.length === 0 ? (
        <p className="muted report-hint">
          Measure with Length, Angle, Ellipse, Rectangle, Probe or Arrow; each one is listed here.
        </p>
      ) : (
        <ol className="report-list">
          {own.map((measurement) => (
            <MeasurementItem key={measurement.uid} measurement={measurement} />
          ))}
        </ol>
      )}
    </section>
  );
}
