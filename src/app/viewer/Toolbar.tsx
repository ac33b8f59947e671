import type { ViewerCommand } from '../../viewer/commands';
import type { SlotState } from '../../viewer/viewerState';
import { PRIMARY_TOOLS, type PrimaryTool } from '../../viewer/tools';
import { LAYOUTS, type Layout } from '../../viewer/viewerState';
import { formatWindow } from '../../dicom/voi';
import { ShareStudyButton } from '../sharing/ShareStudyButton';
import { DownloadMenu } from './DownloadMenu';
import { KeyImageButtons } from './report/KeyImageButtons';
import { useViewer, useViewerInstance } from './useViewer';
import { WindowInput } from './WindowInput';

export const TOOL_LABELS: Record<PrimaryTool, [label: string, key: string]> = {
  WindowLevel: ['W/L', 'W'],
  Pan: ['Pan', 'P'],
  Zoom: ['Zoom', 'Z'],
  StackScroll: ['Scroll', 'S'],
  Length: ['Length', 'M'],
  Angle: ['Angle', 'A'],
  RectangleROI: ['Rectangle', 'R'],
  EllipticalROI: ['Ellipse', 'E'],
  Probe: ['Probe', 'D'],
  ArrowAnnotate: ['Arrow', 'T'],
  Eraser: ['Erase', 'X'],
};

export const VIEW_BUTTONS: [label: string, title: string, command: ViewerCommand][] = [
  ['Invert', 'Invert (I)', { type: 'invert' }],
  ['Rotate', 'Rotate 90° clockwise (])', { type: 'rotate', degrees: 90 }],
  ['Flip H', 'Flip horizontal (H)', { type: 'flipHorizontal' }],
  ['Flip V', 'Flip vertical (V)', { type: 'flipVertical' }],
  ['1:1', 'Actual pixels, no interpolation (O)', { type: 'actualSize' }],
  ['Reset', 'Reset view (Space)', { type: 'reset' }],
  ['Overlays', 'Overlay planes stored with the image on / off (Shift+O)', { type: 'toggleOverlayPlanes' }],
];

interface ToolbarProps {
  onHelp: () => void;
  onTags: () => void;
  reportOpen: boolean;
  onReport: () => void;
}

/** Tools on the left button, layouts, view commands, window presets, cine, key images and the report panel. */
export function Toolbar({ onHelp, onTags, reportOpen, onReport }: ToolbarProps) {
  const viewer = useViewerInstance();
  const primaryTool = useViewer((state) => state.primaryTool);
  const layout = useViewer((state) => state.layout);
  const slot = useViewer((state) => state.slots[state.activeSlot]);
  const run = (command: ViewerCommand) => viewer.command(command);
  return (
    <header className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group" role="group" aria-label="Left mouse button">
        {PRIMARY_TOOLS.map((tool) => {
          const [label, key] = TOOL_LABELS[tool];
          return (
            <button
              key={tool}
              type="button"
              className={`button tool${primaryTool === tool ? ' selected' : ''}`}
              aria-pressed={primaryTool === tool}
              title={`${label} (${key})`}
              data-tool={tool}
              onClick={() => run({ type: 'tool', tool })}
            >
              {label}
            </button>
          );
        })}
      </div>
      <LayoutButtons
        className="tool-group"
        layout={layout}
        onPick={(value) => run({ type: 'layout', layout: value })}
      />
      <div className="tool-group" role="group" aria-label="View">
        {VIEW_BUTTONS.map(([label, title, command]) => (
          <button key={label} type="button" className="button tool" title={title} onClick={() => run(command)}>
            {label}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label="Window">
        <WindowInput window={slot?.window} onApply={(window) => run({ type: 'setWindow', window })} />
        <PresetSelect slot={slot} run={run} />
      </div>
      <div className="tool-group" role="group" aria-label="Cine">
        <CineButton slot={slot} run={run} />
        <FpsInput slot={slot} run={run} />
      </div>
      <div className="tool-group" role="group" aria-label="Key images">
        <KeyImageButtons />
      </div>
      <div className="tool-group end">
        <button
          type="button"
          className={`button tool${reportOpen ? ' selected' : ''}`}
          aria-pressed={reportOpen}
          title="Report: opinion, measurements and key images"
          onClick={onReport}
        >
          Report
        </button>
        <ShareStudyButton />
        <DownloadMenu />
        <button
          type="button"
          className="button tool"
          title="DICOM tags of the current image (Shift+T)"
          onClick={onTags}
        >
          Tags
        </button>
        <button type="button" className="button tool" title="Keyboard shortcuts (?)" onClick={onHelp}>
          ?
        </button>
      </div>
    </header>
  );
}

interface SlotControlProps {
  slot: SlotState | undefined;
  run: (command: ViewerCommand) => void;
}

/** The modality's window presets and the file's own windows, for the active viewport. */
/** The viewport layouts, the current one pressed; both toolbars use it. */
export function LayoutButtons({
  className,
  layout,
  onPick,
}: {
  className: string;
  layout: Layout;
  onPick: (layout: Layout) => void;
}) {
  return (
    <div className={className} role="group" aria-label="Layout">
      {LAYOUTS.map((value) => (
        <button
          key={value}
          type="button"
          className={`button tool${layout === value ? ' selected' : ''}`}
          aria-pressed={layout === value}
          data-layout={value}
          onClick={() => onPick(value)}
        >
          {value}
        </button>
      ))}
    </div>
  );
}

export function PresetSelect({ slot, run }: SlotControlProps) {
  return (
    <select
      aria-label="Window preset"
      value=""
      disabled={!slot?.windowChoices.length}
      onChange={(event) => {
        if (event.target.value) run({ type: 'windowChoice', index: Number(event.target.value) });
        event.target.blur();
      }}
    >
      <option value="">Presets</option>
      {slot?.windowChoices.map((choice, index) => (
        <option key={index} value={index}>
          {choice.key ? `${choice.key} · ` : ''}
          {choice.label} ({formatWindow(choice)})
        </option>
      ))}
    </select>
  );
}

export function CineButton({ slot, run }: SlotControlProps) {
  return (
    <button
      type="button"
      className={`button tool${slot?.cine.playing ? ' selected' : ''}`}
      title="Cine play / pause (C)"
      aria-pressed={slot?.cine.playing ?? false}
      disabled={(slot?.imageCount ?? 0) < 2}
      onClick={() => run({ type: 'cine' })}
    >
      {slot?.cine.playing ? 'Pause' : 'Play'}
    </button>
  );
}

export function FpsInput({ slot, run }: SlotControlProps) {
  return (
    <label className="fps">
      <input
        type="number"
        min={1}
        max={60}
        value={slot?.cine.fps ?? 15}
        aria-label="Frames per second"
        onChange={(event) => run({ type: 'cineFps', delta: Number(event.target.value) - (slot?.cine.fps ?? 15) })}
      />
      fps
    </label>
  );
}
