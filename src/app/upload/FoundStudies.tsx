import { formatDicomDate, formatPersonName } from '../studyList/format';
import type { FoundPatient } from './groupInstances';
import { LocalThumbnail } from './LocalThumbnail';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What was found, patient by patient: each study with a tick box (ticked = sent), its series with a picture. */
export function FoundStudies({
  patients,
  chosen,
  onToggle,
  disabled,
}: {
  patients: readonly FoundPatient[];
  chosen: ReadonlySet<string>;
  onToggle: (studyUid: string, send: boolean) => void;
  disabled: boolean;
}) {
  return (
    <div className="upload-found">
      {patients.map((patient, index) => (
        <section key={index} className="upload-patient" aria-label={`Patient ${patient.name ?? ''}`}>
          <h3>
            {patient.name ? formatPersonName(patient.name) : 'No patient name'}
            <span className="upload-muted">
              {patient.id ? ` · ID ${patient.id}` : ' · no patient ID'}
              {patient.birthDate && ` · born ${formatDicomDate(patient.birthDate)}`}
            </span>
          </h3>
          {patient.studies.map((study) => (
            <div key={study.uid} className="upload-study" data-testid="found-study">
              <label className="upload-study-head">
                <input
                  type="checkbox"
                  checked={chosen.has(study.uid)}
                  disabled={disabled}
                  onChange={(event) => onToggle(study.uid, event.target.checked)}
                />
                <span className="upload-study-title">
                  {study.description || 'Study without description'}
                  <span className="upload-muted">
                    {study.date ? ` · ${formatDicomDate(study.date)}` : ''} ·{' '}
                    {plural(study.series.length, 'series', 'series')} · {plural(study.instanceCount, 'image')}
                  </span>
                </span>
              </label>
              <ul className="upload-series">
                {study.series.map((series) => (
                  <li key={series.uid} data-testid="found-series">
                    <LocalThumbnail
                      file={series.instances[Math.floor(series.instances.length / 2)]!.file}
                      label={`Image of series ${series.description ?? series.uid}`}
                    />
                    <span>
                      <strong>{series.modality ?? '?'}</strong> {series.description ?? ''}
                      <span className="upload-muted upload-count"> {plural(series.instances.length, 'image')}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
