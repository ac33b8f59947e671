import type { StudyReport } from '../../../viewer/viewerState';
import { useViewer, useViewerInstance } from '../useViewer';
import { reportByline } from './reportText';
import { useImageLabel } from './useImageLabel';
import { SrDocumentView } from './SrDocumentView';

/** A Key Object Selection in a viewport: its title and the images it flags, each a jump. */
function KeyObjectsView({ report }: { report: StudyReport }) {
  const viewer = useViewerInstance();
  const imageLabel = useImageLabel();
  const allKeyImages = useViewer((state) => state.keyImages);
  const images = allKeyImages.filter((key) => key.reportUID === report.sopInstanceUID);
  return (
    <article className="sr-document" aria-label={report.title}>
      <h2 className="sr-title">{report.title}</h2>
      <p className="muted">{reportByline(report)}</p>
      <h3 className="sr-heading">Key images ({images.length || report.keyImageCount})</h3>
      <ol className="report-list">
        {images.map((key) => (
          <li key={`${key.image.sopInstanceUID}/${key.image.frameNumber ?? ''}`}>
            <button type="button" className="button report-jump" onClick={() => void viewer.showImage(key.image)}>
              {imageLabel(key.image)}
            </button>
            {key.note && <p className="report-note">{key.note}</p>}
          </li>
        ))}
      </ol>
    </article>
  );
}

/**
 * What a viewport shows for a series of reports instead of "cannot display": each Structured
 * Report as a document, each Key Object Selection as its list of key images. Undefined (the
 * viewport keeps its placeholder text) while the series holds no report the viewer has read.
 */
export function ViewportReport({ seriesInstanceUID }: { seriesInstanceUID: string }) {
  const reports = useViewer((state) => state.reports);
  const shown = reports.filter((report) => report.seriesInstanceUID === seriesInstanceUID);
  if (shown.length === 0) return null;
  return (
    // Focusable so the keyboard can scroll a long document.
    <section className="viewport-report" tabIndex={0} aria-label="Report in this viewport">
      {shown.map((report) =>
        report.kind === 'keyObjects' ? (
          <KeyObjectsView key={report.sopInstanceUID} report={report} />
        ) : report.document ? (
          <SrDocumentView key={report.sopInstanceUID} document={report.document} byline={reportByline(report)} />
        ) : null,
      )}
    </section>
  );
}
