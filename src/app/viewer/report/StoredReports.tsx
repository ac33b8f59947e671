import type { Opinion } from '../../../dicom/sr/opinion';
import type { StudyReport } from '../../../viewer/viewerState';
import { useViewer, useViewerInstance } from '../useViewer';
import { KeyImageItem } from './KeyImageList';
import { MeasurementItem } from './MeasurementList';
import { keyImageKey, reportByline } from './reportText';

/** The opinion under its headings; a part left empty is left out. */
function OpinionText({ opinion }: { opinion: Opinion }) {
  return (
    <div className="report-opinion">
      {opinion.findings && (
        <>
          <h4>Findings</h4>
          <p>{opinion.findings}</p>
        </>
      )}
      {opinion.impression && (
        <>
          <h4>Impression</h4>
          <p>{opinion.impression}</p>
        </>
      )}
    </div>
  );
}

function ReportCard({ report }: { report: StudyReport }) {
  const viewer = useViewerInstance();
  const allMeasurements = useViewer((state) => state.measurements);
  const allKeyImages = useViewer((state) => state.keyImages);
  const measurements = allMeasurements.filter((measurement) => measurement.reportUID === report.sopInstanceUID);
  const keyImages = allKeyImages.filter((key) => key.reportUID === report.sopInstanceUID);
  const { opinion } = report;
  return (
    <li className="report-card" data-report-uid={report.sopInstanceUID}>
      <h3 className="report-card-title">{report.title}</h3>
      <p className="muted report-byline">{reportByline(report)}</p>
      {opinion && (opinion.findings || opinion.impression) ? <OpinionText opinion={opinion} /> : null}
      {report.description && <p className="report-description">{report.description}</p>}
      {report.kind === 'measurements' && report.measurementCount > 0 && (
        <>
          <label className="check report-overlays">
            <input
              type="checkbox"
              checked={report.overlaysShown}
              onChange={(event) => viewer.setReportOverlays(report.sopInstanceUID, event.target.checked)}
            />
            Show measurements on the images ({report.measurementCount})
          </label>
          {measurements.length > 0 && (
            <ol className="report-list" aria-label={`Measurements of ${report.title}`}>
              {measurements.map((measurement) => (
                <MeasurementItem key={measurement.uid} measurement={measurement} />
              ))}
            </ol>
          )}
        </>
      )}
      {keyImages.length > 0 && (
        <>
          <h4>Key images ({keyImages.length})</h4>
          <ol className="report-list" aria-label={`Key images of ${report.title}`}>
            {keyImages.map((key, index) => (
              <KeyImageItem key={keyImageKey(key)} keyImage={key} index={index} />
            ))}
          </ol>
        </>
      )}
      {report.kind === 'document' && (
        <button
          type="button"
          className="button"
          onClick={() =>
            void viewer.showImage({
              studyInstanceUID: report.studyInstanceUID,
              seriesInstanceUID: report.seriesInstanceUID,
              sopInstanceUID: report.sopInstanceUID,
              sopClassUID: report.document?.sopClassUID ?? '',
            })
          }
        >
          Read the whole report
        </button>
      )}
    </li>
  );
}

/** Reports already stored in the study (replies, saved reads, other products' SR and key objects), newest first. */
export function StoredReports() {
  const reports = useViewer((state) => state.reports);
  if (reports.length === 0) return null;
  return (
    <section className="report-section" aria-label="Stored reports">
      <ol className="report-cards">
        {reports.map((report) => (
          <ReportCard key={report.sopInstanceUID} report={report} />
        ))}
      </ol>
    </section>
  );
}
