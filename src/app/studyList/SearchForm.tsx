import type { Ref } from 'react';
import { DATE_PRESET_LABELS, DATE_PRESETS, isDatePreset } from './dateRange';
import { EMPTY_SEARCH, hasFilters, MODALITIES, type StudySearch } from './studySearch';
import { TextFilter } from './TextFilter';

interface SearchFormProps {
  search: StudySearch;
  /** `typing` marks changes from text fields, which replace the history entry instead of adding one. */
  onChange: (changes: Partial<StudySearch>, typing?: boolean) => void;
  nameRef: Ref<HTMLInputElement>;
  onArrowDown: () => void;
}

export function SearchForm({ search, onChange, nameRef, onArrowDown }: SearchFormProps) {
  const text = (field: 'name' | 'id' | 'accession' | 'description') => ({
    value: search[field],
    onCommit: (value: string) => onChange({ [field]: value }, true),
    onArrowDown,
  });
  return (
    <form
      className="search-form"
      role="search"
      aria-label="Search studies"
      onSubmit={(event) => event.preventDefault()}
    >
      <TextFilter
        label="Patient name"
        placeholder="Family, given  ( / )"
        hint="Matches the start of the name; * and ? are wildcards"
        inputRef={nameRef}
        {...text('name')}
      />
      <TextFilter
        label="Patient ID"
        placeholder="Starts with…"
        hint="Matches the start of the ID; * and ? are wildcards"
        {...text('id')}
      />
      <TextFilter
        label="Accession"
        placeholder="Starts with…"
        hint="Matches the start of the accession number"
        {...text('accession')}
      />
      <TextFilter
        label="Description"
        placeholder="Contains…"
        hint="Matches anywhere in the study description"
        {...text('description')}
      />
      <label className="field field-narrow">
        <span className="field-label">Modality</span>
        <select value={search.modality} onChange={(event) => onChange({ modality: event.target.value })}>
          <option value="">Any</option>
          {MODALITIES.map((modality) => (
            <option key={modality} value={modality}>
              {modality}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-narrow">
        <span className="field-label">Study date</span>
        <select
          value={search.date}
          onChange={(event) => {
            if (isDatePreset(event.target.value)) onChange({ date: event.target.value });
          }}
        >
          {DATE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {DATE_PRESET_LABELS[preset]}
            </option>
          ))}
        </select>
      </label>
      {search.date === 'custom' && (
        <>
          <label className="field field-narrow">
            <span className="field-label">From</span>
            <input
              type="date"
              value={search.from}
              max={search.to || undefined}
              onChange={(event) => onChange({ from: event.target.value })}
            />
          </label>
          <label className="field field-narrow">
            <span className="field-label">To</span>
            <input
              type="date"
              value={search.to}
              min={search.from || undefined}
              onChange={(event) => onChange({ to: event.target.value })}
            />
          </label>
        </>
      )}
      <button
        type="button"
        className="button button-quiet"
        disabled={!hasFilters(search)}
        onClick={() => onChange({ ...EMPTY_SEARCH, pageSize: search.pageSize, sort: search.sort })}
      >
        Clear
      </button>
    </form>
  );
}
