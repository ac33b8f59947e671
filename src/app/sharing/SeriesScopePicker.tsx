import type { ScopeChoice } from './shareScope';

export interface SeriesOption {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  description: string;
  modality: string;
  seriesNumber?: number;
}

interface SeriesScopePickerProps {
  entries: readonly SeriesOption[];
  active: string | undefined;
  studyCount: number;
  value: ScopeChoice;
  onChange: (choice: ScopeChoice) => void;
}

const seriesName = (entry: SeriesOption) =>
  [entry.seriesNumber !== undefined && `Se ${entry.seriesNumber}`, entry.modality, entry.description]
    .filter(Boolean)
    .join(' · ');

/** In the viewer: everything on screen, the active viewport's series, or series ticked one by one. */
export function SeriesScopePicker({ entries, active, studyCount, value, onChange }: SeriesScopePickerProps) {
  const activeEntry = entries.find((entry) => entry.seriesInstanceUID === active);
  const chosen = value.kind === 'chosen' ? value.series : new Set<string>();
  const toggle = (uid: string) => {
    const next = new Set(chosen);
    if (next.has(uid)) next.delete(uid);
    else next.add(uid);
    onChange({ kind: 'chosen', series: next });
  };
  return (
    <fieldset className="share-section">
      <legend className="field-label">Share</legend>
      <label className="check">
        <input
          type="radio"
          name="scope"
          checked={value.kind === 'studies'}
          onChange={() => onChange({ kind: 'studies' })}
        />
        {studyCount === 1 ? 'The whole study' : `All ${studyCount} studies`} ({entries.length} series)
      </label>
      <label className="check">
        <input
          type="radio"
          name="scope"
          checked={value.kind === 'active'}
          disabled={!activeEntry}
          onChange={() => onChange({ kind: 'active' })}
        />
        Only the series in the active viewport{activeEntry && `: ${seriesName(activeEntry)}`}
      </label>
      <label className="check">
        <input
          type="radio"
          name="scope"
          checked={value.kind === 'chosen'}
          onChange={() => onChange({ kind: 'chosen', series: chosen })}
        />
        Chosen series
      </label>
      {value.kind === 'chosen' && (
        <ul className="share-series-list" aria-label="Series to share">
          {entries.map((entry) => (
            <li key={entry.seriesInstanceUID}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(entry.seriesInstanceUID)}
                  onChange={() => toggle(entry.seriesInstanceUID)}
                />
                {seriesName(entry) || entry.seriesInstanceUID}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
