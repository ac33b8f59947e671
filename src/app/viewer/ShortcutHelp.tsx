import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../viewer/commands';

const KEY_NAMES: Record<string, string> = { ' ': 'Space', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };

const PAGE_SHORTCUTS = [
  { keys: ['?'], label: 'This help' },
  { keys: ['Shift+T'], label: 'DICOM tag browser' },
  { keys: ['Esc'], label: 'Close help and tags' },
];

/** The `?` overlay: every key the viewer answers to, from the same table the handler uses. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const mouse = [
    { keys: ['Left drag'], label: 'Selected tool' },
    { keys: ['Middle drag'], label: 'Pan' },
    { keys: ['Right drag'], label: 'Zoom' },
    { keys: ['Wheel'], label: 'Scroll images' },
  ];
  return (
    <dialog ref={dialog} className="shortcut-help" onClose={onClose} aria-label="Keyboard shortcuts">
      <header>
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <dl>
        {[...SHORTCUTS, ...PAGE_SHORTCUTS, ...mouse].map((shortcut) => (
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
