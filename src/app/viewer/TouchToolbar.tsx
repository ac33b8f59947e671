import { useEffect, useRef, useState } from 'react';
import type { ViewerCommand } from '../../viewer/commands';
import { PRIMARY_TOOLS, type PrimaryTool } from '../../viewer/tools';
import { ShareStudyButton } from '../sharing/ShareStudyButton';
import { DownloadMenu } from './DownloadMenu';
import { KeyImageButtons } from './report/KeyImageButtons';
import { CineButton, FpsInput, LayoutButtons, PresetSelect, TOOL_LABELS, VIEW_BUTTONS } from './Toolbar';
import { useViewer, useViewerInstance } from './useViewer';
import { WindowInput } from './WindowInput';

/** What one finger does on the bar itself; every other tool waits in the overflow menu. */
const BAR_TOOLS: readonly [tool: PrimaryTool, label: string][] = [
  ['StackScroll', 'Scroll'],
  ['WindowLevel', 'W/L'],
];
const MEASURE_TOOL: PrimaryTool = 'Length';
const MENU_TOOLS = PRIMARY_TOOLS.filter(
  (tool) => tool !== MEASURE_TOOL && !BAR_TOOLS.some(([barTool]) => barTool === tool),
);

interface TouchToolbarProps {
  onHelp: () => void;
  onTags: () => void;
  seriesOpen: boolean;
  onSeries: () => void;
  reportOpen: boolean;
  onReport: () => void;
}

/**
 * The touch layout's one bottom bar: finger mode (scroll or window), presets, fit, measure, the
 * key-image star and the report within a thumb's reach, and "More" for every other tool, view
 * command, cine, layout and page action.
 */
export function TouchToolbar({ onHelp, onTags, seriesOpen, onSeries, reportOpen, onReport }: TouchToolbarProps) {
  const viewer = useViewerInstance();
  const primaryTool = useViewer((state) => state.primaryTool);
  const layout = useViewer((state) => state.layout);
  const overlayHidden = useViewer((state) => state.overlayHidden);
  const slot = useViewer((state) => state.slots[state.activeSlot]);
  const seriesCount = useViewer((state) => state.series.length);
  const [menu, setMenu] = useState(false);
  const bar = useRef<HTMLElement>(null);
  const run = (command: ViewerCommand) => viewer.command(command);
  const runAndClose = (command: ViewerCommand) => {
    run(command);
    setMenu(false);
  };
  const openAndClose = (open: () => void) => () => {
    setMenu(false);
    open();
  };

  // A touch anywhere outside the bar closes the menu, as native sheets do. Share's dialog renders
  // inside the menu, so using it keeps the menu (and the dialog) open.
  useEffect(() => {
    if (!menu) return;
    const close = (event: PointerEvent) => {
      if (!bar.current?.contains(event.target as Node)) setMenu(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [menu]);

  const toolButton = (tool: PrimaryTool, label: string, inMenu: boolean) => (
    <button
      key={tool}
      type="button"
      className={`button tool${primaryTool === tool ? ' selected' : ''}`}
      aria-pressed={primaryTool === tool}
      data-tool={tool}
      onClick={() => (inMenu ? runAndClose : run)({ type: 'tool', tool })}
    >
      {label}
    </button>
  );

  return (
    <footer ref={bar} className="touch-toolbar" role="toolbar" aria-label="Viewer tools">
      {menu && (
        <div id="touch-more" className="touch-more" role="group" aria-label="More tools">
          <div className="touch-more-group" role="group" aria-label="Tools">
            {MENU_TOOLS.map((tool) => toolButton(tool, TOOL_LABELS[tool][0], true))}
          </div>
          <div className="touch-more-group" role="group" aria-label="View">
            {VIEW_BUTTONS.map(([label, , command]) => (
              <button key={label} type="button" className="button tool" onClick={() => runAndClose(command)}>
                {label}
              </button>
            ))}
          </div>
          <LayoutButtons
            className="touch-more-group"
            layout={layout}
            onPick={(value) => runAndClose({ type: 'layout', layout: value })}
          />
          <div className="touch-more-group" role="group" aria-label="Window and cine">
            <WindowInput window={slot?.window} onApply={(window) => run({ type: 'setWindow', window })} />
            <CineButton slot={slot} run={run} />
            <FpsInput slot={slot} run={run} />
          </div>
          <div className="touch-more-group" role="group" aria-label="Key images">
            <KeyImageButtons />
          </div>
          <div className="touch-more-group" role="group" aria-label="Page">
            <button
              type="button"
              className="button tool"
              aria-pressed={seriesOpen}
              onClick={openAndClose(onSeries)}
              disabled={seriesCount === 0}
            >
              Series ({seriesCount})
            </button>
            <button
              type="button"
              className="button tool"
              aria-pressed={!overlayHidden}
              onClick={() => runAndClose({ type: 'toggleOverlay' })}
            >
              Overlay
            </button>
            <ShareStudyButton />
            <DownloadMenu />
            <button type="button" className="button tool" onClick={openAndClose(onTags)}>
              Tags
            </button>
            <button type="button" className="button tool" onClick={openAndClose(onHelp)}>
              Gestures
            </button>
          </div>
        </div>
      )}
      <div className="touch-bar">
        {BAR_TOOLS.map(([tool, label]) => toolButton(tool, label, false))}
        <PresetSelect slot={slot} run={run} />
        <button type="button" className="button tool" onClick={() => run({ type: 'fit' })}>
          Fit
        </button>
        {toolButton(MEASURE_TOOL, 'Measure', false)}
        <KeyImageButtons compact next={false} />
        <button
          type="button"
          className={`button tool${reportOpen ? ' selected' : ''}`}
          aria-pressed={reportOpen}
          onClick={() => {
            setMenu(false);
            onReport();
          }}
        >
          Report
        </button>
        <button
          type="button"
          className="button tool"
          aria-expanded={menu}
          aria-controls="touch-more"
          onClick={() => setMenu((open) => !open)}
        >
          More
        </button>
      </div>
    </footer>
  );
}
