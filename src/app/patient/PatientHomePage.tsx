import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { PatientSessionInfo } from '../api/authApi';
import { useDataSource } from '../DataSourceProvider';
import { patientViewerPath } from '../routes';
import { formatDicomDate, formatPersonName } from '../studyList/format';
import { studyRow, type StudyRow } from '../studyList/studyRow';
import { ForwardDialog, type ForwardStudy } from './ForwardDialog';
import { MyForwards } from './MyForwards';
import { studyCards, type StudyCard } from './studyCards';
import { useStudyThumbnails } from './useStudyThumbnails';

type Loaded = { kind: 'loading' } | { kind: 'ready'; cards: StudyCard[] } | { kind: 'failed' };

/** The list shows what a patient recognises a study by; the gateway answers only their own studies. */
const INCLUDE_FIELDS = ['StudyDescription', 'ModalitiesInStudy', 'NumberOfStudyRelatedInstances'];
/** More than any one patient link holds (creation caps the chosen studies well below this). */
const LIMIT = 500;

/** Plain words for the kinds of scan a patient sees on their letters. */
const MODALITY_WORDS: Record<string, string> = {
  CT: 'CT scan',
  MR: 'MRI scan',
  US: 'Ultrasound',
  CR: 'X-ray',
  DX: 'X-ray',
  MG: 'Mammogram',
  PT: 'PET scan',
  NM: 'Nuclear medicine',
  XA: 'Angiogram',
};

const describeKind = (card: StudyCard): string =>
  card.modalities.map((modality) => MODALITY_WORDS[modality] ?? modality).join(', ') || 'Images';

const forwardLabel = (card: StudyCard): string =>
  [formatDicomDate(card.studyDate) || 'Undated', describeKind(card), card.description].filter(Boolean).join(' · ');

/** A patient's home: their studies, newest first, sending them to a doctor, and the links they sent. */
export function PatientHomePage({ patient }: { patient: PatientSessionInfo }) {
  const { client } = useDataSource();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [forwarding, setForwarding] = useState<readonly string[]>();
  const [sent, setSent] = useState(0);
  const scope = patient.studies.join(',');

  useEffect(() => {
    document.title = 'Your images · SecondRead';
    const controller = new AbortController();
    client.searchStudies({ includefield: INCLUDE_FIELDS, limit: LIMIT }, controller.signal).then(
      (results) => {
        const rows = results.map(studyRow).filter((row): row is StudyRow => row !== undefined);
        setLoaded({ kind: 'ready', cards: studyCards(rows) });
      },
      () => {
        if (!controller.signal.aborted) setLoaded({ kind: 'failed' });
      },
    );
    return () => controller.abort();
  }, [client, scope]);

  const cards = loaded.kind === 'ready' ? loaded.cards : [];
  const thumbnails = useStudyThumbnails(
    client,
    cards.map((card) => card.studyInstanceUID),
  );
  const forwardStudies: ForwardStudy[] = cards.map((card) => ({
    studyInstanceUID: card.studyInstanceUID,
    label: forwardLabel(card),
  }));
  return (
    <main className="patient-home">
      <header className="patient-home-header">
        <h1>{formatPersonName(patient.patientName) || 'Your images'}</h1>
        <p className="muted">
          {cards.length === 1 ? '1 study' : `${cards.length} studies`} · tap one to see the images and the report
        </p>
      </header>
      {loaded.kind === 'loading' && (
        <p className="page-status" role="status">
          Loading your studies…
        </p>
      )}
      {loaded.kind === 'failed' && (
        <p className="page-status" role="alert">
          Your studies could not be loaded. Check the connection and reload the page.
        </p>
      )}
      {loaded.kind === 'ready' && cards.length === 0 && (
        <p className="page-status">There are no images on this link yet.</p>
      )}
      <ul className="patient-studies" aria-label="Your studies">
        {cards.map((card) => (
          <li key={card.studyInstanceUID} className="patient-study" data-study-uid={card.studyInstanceUID}>
            <Link to={patientViewerPath(card.studyInstanceUID)} className="patient-study-open">
              <span className="patient-study-picture" aria-hidden="true">
                {thumbnails.has(card.studyInstanceUID) ? (
                  <img src={thumbnails.get(card.studyInstanceUID)} alt="" />
                ) : (
                  (card.modalities[0] ?? '—')
                )}
              </span>
              <span className="patient-study-text">
                <span className="patient-study-date">{formatDicomDate(card.studyDate) || 'Date not recorded'}</span>
                <span className="patient-study-kind">{describeKind(card)}</span>
                {card.description && <span className="patient-study-description">{card.description}</span>}
                <span className="patient-study-facts muted">
                  {card.images !== undefined && `${card.images} ${card.images === 1 ? 'image' : 'images'}`}
                  {card.hasReport && <span className="patient-report-badge">Report</span>}
                </span>
              </span>
            </Link>
            <button
              type="button"
              className="button patient-study-send"
              onClick={() => setForwarding([card.studyInstanceUID])}
            >
              Send to a doctor
            </button>
          </li>
        ))}
      </ul>
      {cards.length > 1 && (
        <p>
          <button type="button" className="button" onClick={() => setForwarding([])}>
            Send several studies to a doctor…
          </button>
        </p>
      )}
      <MyForwards version={sent} />
      {forwarding && (
        <ForwardDialog
          studies={forwardStudies}
          preselected={forwarding}
          linkEnd={patient.expiresAt}
          onClose={() => {
            setForwarding(undefined);
            setSent((count) => count + 1);
          }}
        />
      )}
    </main>
  );
}
