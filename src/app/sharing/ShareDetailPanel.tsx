import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/api';
import { fetchShareDetail, type ShareDetail, type ShareEvent, type ShareReply } from '../api/sharesApi';
import { viewerPath } from '../routes';
import { describeShareError } from './describeShareError';
import { formatShortDateTime } from './formatTime';
import { replyKind } from './replyKind';

const EVENT_LABELS: Record<string, string> = {
  'share.created': 'Created',
  'share.opened': 'Opened',
  'share.refused': 'Open refused',
  'share.passcodeFailed': 'Wrong passcode',
  'share.lockedOut': 'Locked (wrong passcodes)',
  'share.passcodeBlocked': 'Locked until unlocked (too many wrong passcodes)',
  'share.unlocked': 'Unlocked',
  'share.extended': 'Expiry changed',
  'share.revoked': 'Revoked',
  'request.denied': 'Request refused',
  'study.accessed': 'Viewed',
  'study.downloaded': 'Downloaded',
  'share.replied': 'Opinion received',
};

type DetailState =
  { status: 'loading' } | { status: 'done'; detail: ShareDetail } | { status: 'error'; message: string };

/** One link's access history: who opened it from where, what they viewed, and what was refused. */
export function ShareDetailPanel({
  shareId,
  version,
  studyLabels,
  onClose,
}: {
  shareId: string;
  version: number;
  studyLabels: ReadonlyMap<string, string>;
  onClose: () => void;
}) {
  const [state, setState] = useState<DetailState>({ status: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchShareDetail(api, shareId, controller.signal).then(
      (detail) => {
        if (!controller.signal.aborted) setState({ status: 'done', detail });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: describeShareError(error) });
      },
    );
    return () => controller.abort();
  }, [shareId, version]);
  useEffect(() => heading.current?.focus(), [shareId]);

  const what = (event: ShareEvent) => {
    const studies = event.studyInstanceUIDs.map((uid) => studyLabels.get(uid) ?? uid).join(', ');
    const series = event.series ? ` · series …${event.series.slice(-12)}` : '';
    const code = event.code ? ` (${event.code})` : '';
    return `${studies}${series}${code}`;
  };

  return (
    <section className="share-detail" aria-labelledby="share-detail-title">
      <header className="share-detail-header">
        <h2 id="share-detail-title" ref={heading} tabIndex={-1}>
          Access history
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close access history">
          ✕
        </button>
      </header>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {state.status === 'error' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'done' && (
        <>
          <p className="muted">
            {state.detail.share.passcodeProtected ? 'Passcode required' : 'No passcode'} ·{' '}
            {state.detail.share.allowDownload ? 'download allowed' : 'no download'} ·{' '}
            {state.detail.share.seriesScoped ? 'chosen series only' : 'whole studies'} ·{' '}
            {state.detail.share.allowReply ? 'reply allowed' : 'no reply'} · sent by {state.detail.share.senderName}
          </p>
          {state.detail.share.message && (
            <blockquote className="share-detail-message" aria-label="Message to the recipient">
              {state.detail.share.message}
            </blockquote>
          )}
          {state.detail.replies.length > 0 && <Replies replies={state.detail.replies} studyLabels={studyLabels} />}
          <ol className="history-list" aria-label="Access history">
            {state.detail.history.map((event, index) => (
              <li key={index} className={event.outcome === 'success' ? undefined : 'history-failure'}>
                <span className="history-time">{formatShortDateTime(event.time)}</span>
                <span className="history-event">{EVENT_LABELS[event.event] ?? event.event}</span>
                {event.ip && <span className="mono">{event.ip}</span>}
                {what(event) && <span className="history-what">{what(event)}</span>}
              </li>
            ))}
          </ol>
          {state.detail.access.length > 0 && (
            <>
              <h3>Viewed</h3>
              <ul className="access-list">
                {state.detail.access.map((access, index) => (
                  <li key={index}>
                    {studyLabels.get(access.studyInstanceUID) ?? access.studyInstanceUID}
                    {access.seriesInstanceUID && (
                      <span className="muted"> · series …{access.seriesInstanceUID.slice(-12)}</span>
                    )}
                    : {access.requests} requests from <span className="mono">{access.ip}</span>,{' '}
                    {formatShortDateTime(access.firstAt)} – {formatShortDateTime(access.lastAt)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** What the recipient stored back, oldest first, each with a way into the study where it now lives. */
function Replies({
  replies,
  studyLabels,
}: {
  replies: readonly ShareReply[];
  studyLabels: ReadonlyMap<string, string>;
}) {
  return (
    <>
      <h3>Opinion received</h3>
      <ul className="history-list reply-list" aria-label="Replies">
        {replies.map((reply) => (
          <li key={reply.seriesInstanceUID}>
            <span className="history-time">{formatShortDateTime(reply.receivedAt)}</span>
            <span className="history-event">{replyKind(reply.sopClassUIDs)}</span>
            <span>
              {reply.sopInstanceUIDs.length} {reply.sopInstanceUIDs.length === 1 ? 'instance' : 'instances'}
            </span>
            <Link className="button" to={viewerPath(reply.studyInstanceUID)}>
              Open study
            </Link>
            <span className="history-what">{studyLabels.get(reply.studyInstanceUID) ?? reply.studyInstanceUID}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
