import type { VoiWindow } from '../dicom/voi';
import type { Layout } from './viewerState';
import type { PrimaryTool } from './tools';

/** Everything a reader can ask of the viewer, from a key, a button or a test. */
export type ViewerCommand =
  | { readonly type: 'scroll'; readonly delta: number }
  | { readonly type: 'firstImage' }
  | { readonly type: 'lastImage' }
  | { readonly type: 'windowChoice'; readonly index: number }
  | { readonly type: 'fileWindow' }
  | { readonly type: 'setWindow'; readonly window: VoiWindow }
  | { readonly type: 'actualSize' }
  | { readonly type: 'tool'; readonly tool: PrimaryTool }
  | { readonly type: 'invert' }
  | { readonly type: 'rotate'; readonly degrees: 90 | -90 }
  | { readonly type: 'flipHorizontal' }
  | { readonly type: 'flipVertical' }
  | { readonly type: 'reset' }
  | { readonly type: 'fit' }
  | { readonly type: 'toggleOverlay' }
  | { readonly type: 'toggleOverlayPlanes' }
  | { readonly type: 'cine' }
  | { readonly type: 'cineFps'; readonly delta: number }
  | { readonly type: 'layout'; readonly layout?: Layout }
  | { readonly type: 'clearMeasurements' }
  | { readonly type: 'toggleKeyImage' }
  | { readonly type: 'nextKeyImage' };

interface Shortcut {
  /** Key names as KeyboardEvent.key gives them. */
  readonly keys: readonly string[];
  readonly label: string;
  readonly command: ViewerCommand;
}

const tool = (keys: string[], label: string, name: PrimaryTool): Shortcut => ({
  keys,
  label,
  command: { type: 'tool', tool: name },
});

/** The key map, also the source of the `?` help overlay. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['ArrowUp', 'ArrowLeft'], label: 'Previous image', command: { type: 'scroll', delta: -1 } },
  { keys: ['ArrowDown', 'ArrowRight'], label: 'Next image', command: { type: 'scroll', delta: 1 } },
  { keys: ['PageUp'], label: 'Back 10 images', command: { type: 'scroll', delta: -10 } },
  { keys: ['PageDown'], label: 'Forward 10 images', command: { type: 'scroll', delta: 10 } },
  { keys: ['Home'], label: 'First image', command: { type: 'firstImage' } },
  { keys: ['End'], label: 'Last image', command: { type: 'lastImage' } },
  ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((key): Shortcut => ({
    keys: [key],
    label: `Window preset ${key}`,
    command: { type: 'windowChoice', index: Number(key) - 1 },
  })),
  { keys: ['0'], label: 'Window from the file', command: { type: 'fileWindow' } },
  tool(['w'], 'Window/level (drag)', 'WindowLevel'),
  tool(['p'], 'Pan', 'Pan'),
  tool(['z'], 'Zoom', 'Zoom'),
  tool(['s'], 'Scroll (drag)', 'StackScroll'),
  tool(['m'], 'Length', 'Length'),
  tool(['a'], 'Angle', 'Angle'),
  tool(['r'], 'Rectangle ROI', 'RectangleROI'),
  tool(['e'], 'Ellipse ROI', 'EllipticalROI'),
  tool(['d'], 'Probe (pixel value)', 'Probe'),
  tool(['t'], 'Arrow', 'ArrowAnnotate'),
  tool(['x'], 'Eraser', 'Eraser'),
  { keys: ['i'], label: 'Invert', command: { type: 'invert' } },
  { keys: [']'], label: 'Rotate 90° clockwise', command: { type: 'rotate', degrees: 90 } },
  { keys: ['['], label: 'Rotate 90° counter-clockwise', command: { type: 'rotate', degrees: -90 } },
  { keys: ['h'], label: 'Flip horizontal', command: { type: 'flipHorizontal' } },
  { keys: ['v'], label: 'Flip vertical', command: { type: 'flipVertical' } },
  { keys: [' '], label: 'Reset view', command: { type: 'reset' } },
  { keys: ['o'], label: 'Actual pixels (1:1, no interpolation)', command: { type: 'actualSize' } },
  // Shift+O: lower-case o is "Actual pixels".
  { keys: ['O'], label: 'Overlay planes on / off', command: { type: 'toggleOverlayPlanes' } },
  { keys: ['c'], label: 'Cine play / pause', command: { type: 'cine' } },
  { keys: ['+', '='], label: 'Cine faster', command: { type: 'cineFps', delta: 5 } },
  { keys: ['-'], label: 'Cine slower', command: { type: 'cineFps', delta: -5 } },
  { keys: ['l'], label: 'Next layout', command: { type: 'layout' } },
  { keys: ['Delete'], label: 'Delete all measurements on the image', command: { type: 'clearMeasurements' } },
  { keys: ['k'], label: 'Key image (mark / unmark)', command: { type: 'toggleKeyImage' } },
  { keys: ['n'], label: 'Next key image', command: { type: 'nextKeyImage' } },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((shortcut) => shortcut.keys.map((key) => [key, shortcut.command] as const)));

/** The command for a key press; modified keys (Ctrl/Alt/Meta) stay with the browser. */
export function commandForKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>,
): ViewerCommand | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  // A shifted letter with a command of its own (O) is that command; otherwise letters ignore Shift.
  return BY_KEY.get(event.key) ?? BY_KEY.get(event.key.length === 1 ? event.key.toLowerCase() : event.key);
}
