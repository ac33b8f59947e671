import { useEffect, useId, useRef, useState } from 'react';
import type { Opinion } from '../../../dicom/sr/opinion';
import { useViewer, useViewerInstance } from '../useViewer';
import type { ReplyMode } from './replyMode';
import { sendStatusText } from './reportText';

type Storing = Extract<ReplyMode, { kind: 'reply' | 'save' }>;

/** What the confirmation names: the parts of the draft that will be stored. */
function draftParts(opinion: Opinion, measurements: number, keyImages: number): string {
  const parts = [
    (opinion.findings.trim() || opinion.impression.trim()) && 'your written opinion',
    measurements > 0 && `${measurements} ${measurements === 1 ? 'measurement' : 'measurements'}`,
    keyImages > 0 && `${keyImages} key ${keyImages === 1 ? 'image' : 'images'}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

/**
 * The written opinion (Findings, Impression) and the one button that stores it with the reader's
 * measurements and key images into the study: "Send opinion" for a link recipient, "Save" for
 * staff. Sending asks once more, since a stored report cannot be taken back, only followed.
 */
export function OpinionEditor({ mode }: { mode: Storing }) {
  const viewer = useViewerInstance();
  const opinion = useViewer((state) => state.opinion);
  const send = useViewer((state) => state.send);
  const measurements = useViewer((state) => state.measurements);
  const keyImages = useViewer((state) => state.keyImages);
  const reportCount = useViewer((state) => state.reports.length);
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  const statusLine = useRef<HTMLParagraphElement>(null);
  const ownMeasurements = measurements.filter((measurement) => !measurement.readOnly).length;
  const ownKeyImages = keyImages.filter((key) => !key.readOnly).length;
  const parts = draftParts(opinion, ownMeasurements, ownKeyImages);
  const sending = send.status === 'sending';
  const status = sendStatusText(send, mode.kind);
  const reply = mode.kind === 'reply';

  // The stored report lands at the top of the panel and pushes this out of sight: bring the outcome back.
  useEffect(() => {
    if (send.status === 'sent' || send.status === 'error') statusLine.current?.scrollIntoView({ block: 'nearest' });
  }, [send, reportCount]);

  const store = () => {
    setConfirming(false);
    void viewer.send({ observer: mode.observer, keyObjectTitle: mode.keyObjectTitle, kind: mode.kind });
  };

  return (
    <section className="report-section report-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{reply ? 'Your opinion' : 'Your report'}</h3>
      <label className="field">
        <span className="field-label">Findings</span>
        <textarea
          rows={4}
          value={opinion.findings}
          disabled={sending}
          placeholder="What you see"
          onChange={(event) => viewer.setOpinion({ ...opinion, findings: event.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">Impression</span>
        <textarea
          rows={3}
          value={opinion.impression}
          disabled={sending}
          placeholder="What you conclude, and what you advise"
          onChange={(event) => viewer.setOpinion({ ...opinion, impression: event.target.value })}
        />
      </label>
      <p className="muted report-hint">
        Signed as <strong>{mode.observer}</strong>. Your draft stays in this browser until you{' '}
        {reply ? 'send it' : 'save it'}.
      </p>
      {confirming ? (
        <div className="report-confirm" role="group" aria-label={reply ? 'Confirm sending' : 'Confirm saving'}>
          <p>
            {reply
              ? `Send ${parts} to ${mode.senderName}? It is stored with the study and cannot be changed afterwards; you can send another opinion later.`
              : `Save ${parts} into the study? It is stored as a DICOM report; a later save adds a new version.`}
          </p>
          <div className="report-confirm-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className="button button-primary" onClick={store} autoFocus>
              {reply ? 'Send' : 'Save'}
            </button>
          </div>
        </div>
      ) : (
        <div className="report-send-row">
          <button
            type="button"
            className="button button-primary"
            disabled={sending || parts === ''}
            title={parts === '' ? 'Write an opinion, measure or mark a key image first' : undefined}
            onClick={() => setConfirming(true)}
          >
            {reply ? 'Send opinion…' : 'Save…'}
          </button>
        </div>
      )}
      {status && (
        <p
          ref={statusLine}
          className={send.status === 'error' ? 'report-status report-error' : 'report-status'}
          role={send.status === 'error' ? 'alert' : 'status'}
        >
          {status}
        </p>
      )}
    </section>
  );
}
