import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ViewerCommand } from '../../viewer/commands';
import { exportFileName, exportViewportImage, ExportImageError } from '../../viewer/exportImage';
import type { PrimaryTool } from '../../viewer/tools';
import type { PatientSessionInfo } from '../api/authApi';
import { downloadLinks } from '../api/downloadApi';
import { useSession } from '../auth/SessionProvider';
import { PATIENT_PATH } from '../routes';
import { Dialog } from '../sharing/Dialog';
import { saveBlob } from '../viewer/DownloadMenu';
import { PresetSelect } from '../viewer/Toolbar';
import { useViewer, useViewerInstance } from '../viewer/useViewer';
import { ForwardDialog } from './ForwardDialog';
import { MyForwards } from './MyForwards';

/** The finger's jobs a patient needs, in words rather than radiology's abbreviations. */
const SIMPLE_TOOLS: readonly [tool: PrimaryTool, label: string][] = [
  ['StackScroll', 'Scroll'],
  ['Zoom', 'Zoom'],
  ['WindowLevel', 'Brightness/contrast'],
];

/** "Brightness/contrast" may break after its slash on a narrow phone (the button's aria-label keeps the name whole). */
const withBreaks = (label: string) =>
  label
    .split('/')
    .flatMap((part, index, parts) => (index < parts.length - 1 ? [`${part}/`, <wbr key={index} />] : [part]));

interface PatientToolbarProps {
  patient: PatientSessionInfo;
  reportOpen: boolean;
  onReport: () => void;
  seriesOpen: boolean;
  onSeries: () => void;
  onAllTools: () => void;
}

/**
 * A patient's viewer bar: scroll, zoom, brightness/contrast and presets on the bar; the report one
 * tap away; "More" for the series, saving, sending to a doctor and every other tool.
 */
export function PatientToolbar({
  patient,
  reportOpen,
  onReport,
  seriesOpen,
  onSeries,
  onAllTools,
}: PatientToolbarProps) {
  const viewer = useViewerInstance();
  const { session } = useSession();
  const primaryTool = useViewer((state) => state.primaryTool);
  const slot = useViewer((state) => state.slots[state.activeSlot]);
  const activeSlot = useViewer((state) => state.activeSlot);
  const studies = useViewer((state) => state.studyInstanceUIDs);
  const seriesCount = useViewer((state) => state.series.length);
  const [menu, setMenu] = useState(false);
  const [dialog, setDialog] = useState<'forward' | 'forwards'>();
  const [error, setError] = useState<string>();
  const bar = useRef<HTMLElement>(null);
  const run = (command: ViewerCommand) => viewer.command(command);
  const closeThen = (action: () => void) => () => {
    setMenu(false);
    action();
  };

  // A touch outside the bar closes the sheet, as native sheets do.
  useEffect(() => {
    if (!menu) return;
    const close = (event: PointerEvent) => {
      if (!bar.current?.contains(event.target as Node)) setMenu(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [menu]);

  const saveImage = async () => {
    setError(undefined);
    const pane = [...document.querySelectorAll<HTMLElement>('.viewport')].find(
      (candidate) => candidate.dataset.slot === String(activeSlot),
    );
    try {
      if (pane === undefined) throw new ExportImageError('There is no image to save yet');
      saveBlob(await exportViewportImage(pane, { format: 'jpeg', overlays: false }), exportFileName('jpeg', ['image']));
      setMenu(false);
    } catch (failure) {
      setError(failure instanceof ExportImageError ? failure.message : 'The image could not be saved');
    }
  };

  return (
    <footer ref={bar} className="touch-toolbar patient-toolbar" role="toolbar" aria-label="Viewer tools">
      {menu && (
        <div id="patient-more" className="touch-more" role="group" aria-label="More">
          <div className="touch-more-group" role="group" aria-label="Images">
            <Link to={PATIENT_PATH} className="button tool">
              Back to my studies
            </Link>
            <button
              type="button"
              className="button tool"
              aria-pressed={seriesOpen}
              disabled={seriesCount === 0}
              onClick={closeThen(onSeries)}
            >
              Series ({seriesCount})
            </button>
            <button type="button" className="button tool" onClick={closeThen(() => run({ type: 'reset' }))}>
              Reset the view
            </button>
          </div>
          {patient.allowDownload && (
            <div className="touch-more-group" role="group" aria-label="Save">
              {downloadLinks(session, studies).map((link) => (
                <a key={link.href} className="button tool" href={link.href} download onClick={() => setMenu(false)}>
                  {studies.length === 1 ? 'Download study (zip)' : link.label}
                </a>
              ))}
              <button type="button" className="button tool" onClick={() => void saveImage()}>
                Save image (JPEG)
              </button>
            </div>
          )}
          <div className="touch-more-group" role="group" aria-label="Doctors">
            <button type="button" className="button tool" onClick={closeThen(() => setDialog('forward'))}>
              Send to a doctor
            </button>
            <button type="button" className="button tool" onClick={closeThen(() => setDialog('forwards'))}>
              Doctors I sent to
            </button>
          </div>
          <div className="touch-more-group" role="group" aria-label="Tools">
            <button type="button" className="button tool" onClick={closeThen(onAllTools)}>
              All tools
            </button>
          </div>
          {error && (
            <p className="download-menu-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
      <div className="touch-bar patient-bar">
        {SIMPLE_TOOLS.map(([tool, label]) => (
          <button
            key={tool}
            type="button"
            className={`button tool${primaryTool === tool ? ' selected' : ''}`}
            aria-pressed={primaryTool === tool}
            data-tool={tool}
            aria-label={label}
            onClick={() => run({ type: 'tool', tool })}
          >
            {withBreaks(label)}
          </button>
        ))}
        <PresetSelect slot={slot} run={run} />
        <button
          type="button"
          className={`button tool${reportOpen ? ' selected' : ''}`}
          aria-pressed={reportOpen}
          onClick={closeThen(onReport)}
        >
          Report
        </button>
        <button
          type="button"
          className="button tool"
          aria-expanded={menu}
          aria-controls="patient-more"
          onClick={() => setMenu((open) => !open)}
        >
          More
        </button>
      </div>
      {dialog === 'forward' && (
        <ForwardDialog
          studies={studies.map((uid, index) => ({
            studyInstanceUID: uid,
            label: studies.length === 1 ? 'The study on screen' : `Study ${index + 1} on screen`,
          }))}
          preselected={studies}
          linkEnd={patient.expiresAt}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'forwards' && (
        <Dialog title="Doctors I sent to" onClose={() => setDialog(undefined)} className="share-dialog">
          <MyForwards version={0} />
        </Dialog>
      )}
    </footer>
  );
}
