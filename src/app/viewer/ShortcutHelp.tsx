import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../viewer/commands';

const KEY_NAMES: Record<string, string> = {
  ' ': 'Space',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  O: 'Shift+O',
};

const PAGE_SHORTCUTS = [
  { keys: ['?'], label: 'This help' },
  { keys: ['Shift+T'], label: 'DICOM tag browser' },
  { keys: ['Esc'], label: 'Close help and tags' },
];

const MOUSE = [
  { keys: ['Left drag'], label: 'Selected tool' },
  { keys: ['Middle drag'], label: 'Pan' },
  { keys: ['Right drag'], label: 'Zoom' },
  { keys: ['Wheel'], label: 'Scroll images' },
];

/** What the fingers do in the touch layout (src/viewer/tools.ts binds them). */
const GESTURES = [
  { keys: ['One finger, up / down'], label: 'Scroll images (Scroll mode) or window/level (W/L mode)' },
  { keys: ['Pinch'], label: 'Zoom around the fingers' },
  { keys: ['Two fingers, drag'], label: 'Pan' },
  { keys: ['Double tap'], label: 'Fit the image to the screen' },
  { keys: ['Tap'], label: 'Hide or show the text over the image' },
  { keys: ['Measure, then drag'], label: 'Length between two points; drag a handle to adjust it' },
  { keys: ['More'], label: 'Every other tool, rotate, flip, invert, layouts, tags' },
];

/**
 * The help overlay: asked for from a keyboard (`?`), every key the viewer answers to, from the
 * same table the handler uses; asked for on the touch bar, the gestures.
 */
export function ShortcutHelp({ gestures, onClose }: { gestures: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const title = gestures ? 'Touch gestures' : 'Keyboard shortcuts';
  const entries = gestures ? GESTURES : [...SHORTCUTS, ...PAGE_SHORTCUTS, ...MOUSE];
  return (
    <dialog
      ref={dialog}
      className={gestures ? 'shortcut-help gestures' : 'shortcut-help'}
      onClose={onClose}
      aria-label={title}
    >
      <header>
        <h2>{title}</h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <dl>
        {entries.map((shortcut) => (
          <div key={shortcut.label}>
            <dt>
              {shortcut.keys.map((key) => (
                <kbd key={key}>{KEY_NAMES[key] ?? key}</kbd>
              ))}
            </dt>
            <dd>{shortcut.label}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
