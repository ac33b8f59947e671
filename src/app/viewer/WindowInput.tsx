import { useEffect, useState } from 'react';
import { MIN_LINEAR_WIDTH, type VoiWindow } from '../../dicom/voi';

const round = (value: number) => String(Math.round(value * 100) / 100);

/** Exact window width and level, typed: what the drag and the presets show, editable. Enter applies. */
export function WindowInput({
  window,
  onApply,
}: {
  window: VoiWindow | undefined;
  onApply: (window: VoiWindow) => void;
}) {
  const [width, setWidth] = useState('');
  const [center, setCenter] = useState('');
  useEffect(() => {
    setWidth(window ? round(window.width) : '');
    setCenter(window ? round(window.center) : '');
  }, [window]);
  const apply = () => {
    const next = { width: Number(width), center: Number(center) };
    if (Number.isFinite(next.width) && Number.isFinite(next.center) && next.width >= MIN_LINEAR_WIDTH) onApply(next);
  };
  return (
    <form
      className="window-input"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
        (document.activeElement as HTMLElement | null)?.blur();
      }}
    >
      <label>
        W
        <input
          aria-label="Window width"
          inputMode="decimal"
          value={width}
          disabled={!window}
          onChange={(event) => setWidth(event.target.value)}
        />
      </label>
      <label>
        L
        <input
          aria-label="Window level"
          inputMode="decimal"
          value={center}
          disabled={!window}
          onChange={(event) => setCenter(event.target.value)}
        />
      </label>
      <button type="submit" hidden />
    </form>
  );
}
