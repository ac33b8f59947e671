import { KeyImageList } from './KeyImageList';
import { MeasurementList } from './MeasurementList';
import { OpinionEditor } from './OpinionEditor';
import type { ReplyMode } from './replyMode';
import { StoredReports } from './StoredReports';

/**
 * The reading side of the study: the sender's question, the reports already stored in it, the
 * reader's own measurements and key images, and (where the reader may store one) the opinion
 * with its send or save. A right-hand column at a workstation, a bottom sheet on a phone.
 * `readingOnly` (a patient with the simple tools) leaves only the stored reports to read.
 */
export function ReportPanel({
  mode,
  readingOnly = false,
  onClose,
}: {
  mode: ReplyMode;
  readingOnly?: boolean;
  onClose: () => void;
}) {
  return (
    <aside className="report-panel" aria-labelledby="report-panel-title">
      <header className="report-panel-header">
        <h2 id="report-panel-title">Report</h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close report">
          ✕
        </button>
      </header>
      <div className="report-panel-body">
        {mode.kind !== 'save' && mode.question && (
          <section className="report-section report-question" aria-labelledby="report-question">
            <h3 id="report-question">Question from {mode.senderName}</h3>
            <blockquote>{mode.question}</blockquote>
          </section>
        )}
        <StoredReports />
        {!readingOnly && <MeasurementList />}
        {!readingOnly && <KeyImageList />}
        {mode.kind !== 'none' && <OpinionEditor mode={mode} />}
        {mode.kind === 'none' && mode.senderName && (
          <p className="muted report-hint">
            This link lets you look and measure; {mode.senderName} did not ask for a written reply.
          </p>
        )}
      </div>
    </aside>
  );
}
