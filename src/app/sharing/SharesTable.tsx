import type { Share } from '../api/sharesApi';
import { formatShortDateTime } from './formatTime';
import { replyDocuments } from './replyKind';
import { canExtend, canUnlock, shareStatus, STATUS_LABELS } from './shareStatus';

interface SharesTableProps {
  shares: readonly Share[];
  studyLabels: ReadonlyMap<string, string>;
  /** Show whose link it is (an admin's view of everyone's). */
  showSender: boolean;
  selectedId: string | undefined;
  onDetails: (share: Share) => void;
  onExtend: (share: Share) => void;
  onRevoke: (share: Share) => void;
  onUnlock: (share: Share) => void;
  now: number;
}

/** One row per link: where it stands, its dates and opens, and what can still be done with it. */
export function SharesTable({
  shares,
  studyLabels,
  showSender,
  selectedId,
  onDetails,
  onExtend,
  onRevoke,
  onUnlock,
  now,
}: SharesTableProps) {
  return (
    <div className="table-scroll">
      <table className="shares-table" aria-label="Share links">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Recipient</th>
            <th scope="col">Studies</th>
            {showSender && (
              <th scope="col" className="hide-tablet">
                Sender
              </th>
            )}
            <th scope="col" className="hide-phone">
              Created
            </th>
            <th scope="col">Expires</th>
            <th scope="col" className="cell-number">
              Opens
            </th>
            <th scope="col" className="hide-tablet">
              Last opened
            </th>
            <th scope="col">Opinion</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shares.map((share) => {
            const status = shareStatus(share, now);
            return (
              <tr key={share.id} data-share-id={share.id} className={share.id === selectedId ? 'selected' : undefined}>
                <td>
                  <span className={`status status-${status}`}>{STATUS_LABELS[status]}</span>
                  {share.passcodeProtected && <span className="tag">Passcode</span>}
                </td>
                <td className="cell-label">
                  <span className="clip">{share.label ?? '—'}</span>
                </td>
                <td className="cell-studies">
                  {share.studies.map((study) => (
                    <span key={study.studyInstanceUID} className="clip" title={study.studyInstanceUID}>
                      {studyLabels.get(study.studyInstanceUID) ?? study.studyInstanceUID}
                      {share.seriesScoped && <span className="muted"> ({study.seriesInstanceUIDs.length} series)</span>}
                    </span>
                  ))}
                </td>
                {showSender && <td className="hide-tablet">{share.senderName}</td>}
                <td className="hide-phone">{formatShortDateTime(share.createdAt)}</td>
                <td>{formatShortDateTime(share.expiresAt)}</td>
                <td className="cell-number">
                  {share.opens} / {share.maxOpens ?? '∞'}
                </td>
                <td className="hide-tablet">
                  {share.lastOpenedAt === undefined ? '—' : formatShortDateTime(share.lastOpenedAt)}
                </td>
                <td className="cell-reply">
                  {share.replyCount > 0 ? (
                    <>
                      <span className="status status-replied">Opinion received</span>
                      <span className="muted reply-detail">
                        {replyDocuments(share.replyCount)}
                        {share.lastReplyAt !== undefined && `, last ${formatShortDateTime(share.lastReplyAt)}`}
                      </span>
                    </>
                  ) : (
                    <span className="muted">{share.allowReply ? 'Awaited' : '—'}</span>
                  )}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button"
                    aria-expanded={share.id === selectedId}
                    onClick={() => onDetails(share)}
                  >
                    Details
                  </button>
                  {canUnlock(status) && (
                    <button type="button" className="button" onClick={() => onUnlock(share)}>
                      Unlock
                    </button>
                  )}
                  <button
                    type="button"
                    className="button"
                    disabled={!canExtend(status)}
                    onClick={() => onExtend(share)}
                  >
                    Extend
                  </button>
                  <button
                    type="button"
                    className="button button-danger"
                    disabled={status === 'revoked'}
                    onClick={() => onRevoke(share)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
