import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { firstString } from '../../dicom/json';
import { useDataSource } from '../DataSourceProvider';
import { formatDicomDate, formatPersonName } from '../studyList/format';
import './printView.css';

/** One printed image: an object URL of the viewport's exported PNG. */
export interface PrintedImage {
  url: string;
  label: string;
}

interface StudyHeader {
  patientName: string;
  patientId: string;
  birthDate: string;
  studyDate: string;
  description: string;
  accession: string;
}

const TAGS = {
  name: '00100010',
  id: '00100020',
  birth: '00100030',
  date: '00080020',
  description: '00081030',
  accession: '00080050',
} as const;

/**
 * What the printer gets: the patient and study header and the images, nothing of the app around
 * them. Rendered at the end of <body>; printView.css hides everything else for print and hides
 * this on screen.
 */
export function PrintView({
  studyUids,
  images,
  onReady,
}: {
  studyUids: readonly string[];
  images: readonly PrintedImage[];
  onReady: () => void;
}) {
  const { client } = useDataSource();
  const [headers, setHeaders] = useState<StudyHeader[]>();

  useEffect(() => {
    const controller = new AbortController();
    // Cannot reject: a failed search becomes no header.
    void client
      .searchStudies(
        { StudyInstanceUID: studyUids.join(','), includefield: [TAGS.birth, TAGS.description] },
        controller.signal,
      )
      .then(
        (rows) => rows.map(header),
        // The images print without the header rather than not at all.
        () => [],
      )
      .then((found) => {
        if (!controller.signal.aborted) setHeaders(found);
      });
    return () => controller.abort();
  }, [client, studyUids]);

  useEffect(() => {
    if (headers !== undefined) onReady();
  }, [headers, onReady]);

  return createPortal(
    <div className="print-view" data-ready={headers !== undefined}>
      {(headers ?? []).map((study, index) => (
        <header key={index} className="print-header">
          <h1>{formatPersonName(study.patientName) || 'Unnamed patient'}</h1>
          <dl>
            <div>
              <dt>Patient ID</dt>
              <dd>{study.patientId || '—'}</dd>
            </div>
            <div>
              <dt>Born</dt>
              <dd>{formatDicomDate(study.birthDate) || '—'}</dd>
            </div>
            <div>
              <dt>Study</dt>
              <dd>{[formatDicomDate(study.studyDate), study.description].filter(Boolean).join(' · ') || '—'}</dd>
            </div>
            <div>
              <dt>Accession</dt>
              <dd>{study.accession || '—'}</dd>
            </div>
          </dl>
        </header>
      ))}
      <div className={`print-images count-${Math.min(images.length, 4)}`}>
        {images.map((image) => (
          <figure key={image.url}>
            <img src={image.url} alt={image.label} />
            <figcaption>{image.label}</figcaption>
          </figure>
        ))}
      </div>
    </div>,
    document.body,
  );
}

function header(row: Parameters<typeof firstString>[0]): StudyHeader {
  const text = (tag: string) => firstString(row, tag) ?? '';
  return {
    patientName: text(TAGS.name),
    patientId: text(TAGS.id),
    birthDate: text(TAGS.birth),
    studyDate: text(TAGS.date),
    description: text(TAGS.description),
    accession: text(TAGS.accession),
  };
}
