import { EXPIRY_PRESETS, toLocalDateTime, type ExpiryChoice } from './expiry';

/** Presets as one radio group, plus a date and time of the reader's choosing. */
export function ExpiryPicker({ value, onChange }: { value: ExpiryChoice; onChange: (choice: ExpiryChoice) => void }) {
  const custom = 'custom' in value;
  const now = Date.now();
  return (
    <fieldset className="share-section">
      <legend className="field-label">Link expires after</legend>
      <div className="segmented">
        {EXPIRY_PRESETS.map((preset) => (
          <label key={preset.id} className="segment">
            <input
              type="radio"
              name="expiry"
              checked={!custom && value.preset === preset.id}
              onChange={() => onChange({ preset: preset.id })}
            />
            <span>{preset.label}</span>
          </label>
        ))}
        <label className="segment">
          <input
            type="radio"
            name="expiry"
            checked={custom}
            onChange={() => onChange({ custom: toLocalDateTime(now + 3 * 86_400_000) })}
          />
          <span>Custom</span>
        </label>
      </div>
      {custom && (
        <label className="field share-custom-expiry">
          <span className="field-label">Expires at (your local time)</span>
          <input
            type="datetime-local"
            required
            min={toLocalDateTime(now)}
            value={value.custom}
            onChange={(event) => onChange({ custom: event.target.value })}
          />
        </label>
      )}
    </fieldset>
  );
}
