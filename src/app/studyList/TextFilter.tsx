import { useEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';

const TYPING_DEBOUNCE_MS = 350;

interface TextFilterProps {
  label: string;
  /** The committed value (from the URL). */
  value: string;
  onCommit: (value: string) => void;
  placeholder?: string;
  hint?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** ↓ leaves the form for the results. */
  onArrowDown?: () => void;
}

/**
 * A search field that commits after typing pauses, so each keystroke does not query the archive;
 * Enter commits at once. The draft follows the committed value when it changes elsewhere (Back).
 */
export function TextFilter({ label, value, onCommit, placeholder, hint, inputRef, onArrowDown }: TextFilterProps) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The timer fires after later renders: it must call their onCommit, which knows the search as
  // it is then (a modality picked while typing paused), not the one from the keystroke.
  const latest = useRef({ value, onCommit });

  useEffect(() => {
    latest.current = { value, onCommit };
  });
  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (text: string) => {
    clearTimeout(timer.current);
    if (text !== latest.current.value) latest.current.onCommit(text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit(draft);
    else if (event.key === 'ArrowDown' && onArrowDown) {
      event.preventDefault();
      commit(draft);
      onArrowDown();
    } else if (event.key === 'Escape' && draft !== '') {
      setDraft('');
      commit('');
    }
  };

  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        ref={inputRef}
        type="search"
        value={draft}
        placeholder={placeholder}
        title={hint}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(text), TYPING_DEBOUNCE_MS);
        }}
        onKeyDown={onKeyDown}
      />
    </label>
  );
}
