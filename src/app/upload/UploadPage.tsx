import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { UploadSessionInfo } from '../api/authApi';
import { useSession } from '../auth/SessionProvider';
import { setLocalFiles } from '../local/localFiles';
import { LOCAL_PATH, UPLOAD_LINKS_PATH } from '../routes';
import { formatDateTime } from '../sharing/formatTime';
import { FilePickers } from './FilePickers';
import { FoundStudies } from './FoundStudies';
import { groupInstances } from './groupInstances';
import type { PickedFile } from './pickedFile';
import { scanFiles, type FoundInstance, type Scan } from './scanFiles';
import { sendFiles } from './sendFiles';
import { SendProgress, tally, type SentFile } from './SendProgress';
import { SkippedFiles } from './SkippedFiles';
import { stowFile } from './stowFile';
import './upload.css';

type Step =
  | { kind: 'pick'; error?: string }
  | { kind: 'reading'; read: number; total: number }
  | { kind: 'review'; scan: Scan }
  | { kind: 'sending' | 'sent'; scan: Scan; files: SentFile[] };

/**
 * `/upload`: the page of someone holding an upload link (phone or desktop). Staff get a pointer
 * instead. Default export: loaded on demand, as it reads DICOM files itself (dcmjs).
 */
export default function UploadPage() {
  const { session } = useSession();
  useEffect(() => {
    document.title = 'Send images · SecondRead';
  }, []);
  if (session.kind !== 'upload')
    return (
      <main className="page-message">
        <h1>This page is for upload links</h1>
        <p>Someone who received an upload link opens it to send images here.</p>
        <Link to={UPLOAD_LINKS_PATH}>Upload links</Link>
      </main>
    );
  return <Uploader upload={session.upload} />;
}

function Uploader({ upload }: { upload: UploadSessionInfo }) {
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const scan = 'scan' in step ? step.scan : undefined;
  const patients = useMemo(() => (scan ? groupInstances(scan.instances) : []), [scan]);
  const toSend = useMemo(
    () => scan?.instances.filter((i) => chosen.has(i.identity.studyInstanceUID)) ?? [],
    [scan, chosen],
  );

  const pick = async (picked: PickedFile[]) => {
    setStep({ kind: 'reading', read: 0, total: picked.length });
    try {
      const found = await scanFiles(picked, (read, total) => setStep({ kind: 'reading', read, total }));
      setChosen(new Set(found.instances.map((i) => i.identity.studyInstanceUID)));
      setStep({ kind: 'review', scan: found });
    } catch {
      setStep({ kind: 'pick', error: 'The files could not be read. Pick them again.' });
    }
  };

  const send = async (found: Scan, instances: readonly FoundInstance[], previous: SentFile[] = []) => {
    const files: SentFile[] = previous.length
      ? previous
      : instances.map(({ path }) => ({ path, state: { status: 'waiting' } }));
    const indexOf = new Map(instances.map((instance, n) => [n, files.findIndex((f) => f.path === instance.path)]));
    setStep({ kind: 'sending', scan: found, files });
    await sendFiles(
      instances,
      async (instance, onProgress) =>
        stowFile(new Uint8Array(await instance.file.arrayBuffer()), upload.csrfToken, onProgress),
      (n, state) =>
        setStep((current) => {
          if (current.kind !== 'sending') return current;
          const next = [...current.files];
          next[indexOf.get(n)!] = { path: next[indexOf.get(n)!]!.path, state };
          return { ...current, files: next };
        }),
    );
    setStep((current) => (current.kind === 'sending' ? { ...current, kind: 'sent' } : current));
  };

  const retryFailed = (found: Scan, files: SentFile[]) => {
    const failed = new Set(
      files.filter(({ state }) => state.status === 'done' && state.outcome.kind === 'failed').map((f) => f.path),
    );
    const again = files.map((f) => (failed.has(f.path) ? { ...f, state: { status: 'waiting' as const } } : f));
    void send(
      found,
      found.instances.filter((i) => failed.has(i.path)),
      again,
    );
  };

  const viewHere = () => {
    setLocalFiles(toSend.map(({ file, path }) => (file instanceof File ? file : new File([file], path))));
    void navigate(LOCAL_PATH);
  };

  return (
    <div className="app upload-page">
      <header className="app-header">
        <span className="brand">SecondRead</span>
        <span className="upload-banner">
          {upload.institution ? `${upload.institution} · ` : ''}
          {upload.label} · link ends {formatDateTime(upload.expiresAt)}
        </span>
      </header>
      <main className="upload-main">
        <h1>Send images</h1>
        {step.kind === 'pick' && (
          <>
            <p>
              Pick the images to send: the whole CD or USB stick works best. They are checked here, on this device, and
              you choose which studies to send.
            </p>
            {step.error && <p role="alert">{step.error}</p>}
            <FilePickers onPick={(picked) => void pick(picked)} />
          </>
        )}
        {step.kind === 'reading' && (
          <p role="status" className="upload-reading">
            Reading {step.read} of {step.total} {step.total === 1 ? 'file' : 'files'}…{' '}
            <progress max={step.total || 1} value={step.read} />
          </p>
        )}
        {scan && (
          <>
            {scan.notes.map((note) => (
              <p key={note} className="upload-note" role="note">
                {note}
              </p>
            ))}
            {scan.instances.length === 0 ? (
              <p className="upload-note">No DICOM images were found in what you picked.</p>
            ) : (
              <FoundStudies
                patients={patients}
                chosen={chosen}
                disabled={step.kind !== 'review'}
                onToggle={(uid, on) =>
                  setChosen((previous) => {
                    const next = new Set(previous);
                    if (on) next.add(uid);
                    else next.delete(uid);
                    return next;
                  })
                }
              />
            )}
            <SkippedFiles skipped={scan.skipped} />
          </>
        )}
        {step.kind === 'review' && (
          <div className="upload-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={toSend.length === 0}
              onClick={() => void send(step.scan, toSend)}
            >
              Send {toSend.length} {toSend.length === 1 ? 'image' : 'images'}
            </button>
            <button type="button" className="button" disabled={toSend.length === 0} onClick={viewHere}>
              View on this device first
            </button>
            <button type="button" className="button button-quiet" onClick={() => setStep({ kind: 'pick' })}>
              Pick again
            </button>
          </div>
        )}
        {(step.kind === 'sending' || step.kind === 'sent') && (
          <SendSummary
            files={step.files}
            finished={step.kind === 'sent'}
            onRetry={() => retryFailed(step.scan, step.files)}
            onMore={() => setStep({ kind: 'pick' })}
          />
        )}
      </main>
    </div>
  );
}

function SendSummary({
  files,
  finished,
  onRetry,
  onMore,
}: {
  files: SentFile[];
  finished: boolean;
  onRetry: () => void;
  onMore: () => void;
}) {
  const counts = tally(files);
  return (
    <section className="upload-send" aria-label="Sending">
      <p role="status" className="upload-summary">
        {finished ? 'Finished: ' : `Sending ${counts.done} of ${files.length}: `}
        {counts.stored} stored
        {counts.alreadyThere > 0 && `, ${counts.alreadyThere} already there`}
        {counts.refused > 0 && `, ${counts.refused} refused`}
        {counts.failed > 0 && `, ${counts.failed} failed`}.
        {finished && counts.refused + counts.failed === 0 && ' The hospital will review them before they are added.'}
      </p>
      {finished && (
        <div className="upload-actions">
          {counts.failed > 0 && (
            <button type="button" className="button button-primary" onClick={onRetry}>
              Retry {counts.failed} failed {counts.failed === 1 ? 'file' : 'files'}
            </button>
          )}
          <button type="button" className="button" onClick={onMore}>
            Send more
          </button>
        </div>
      )}
      <SendProgress files={files} />
    </section>
  );
}
