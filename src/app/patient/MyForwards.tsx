import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/api';
import { listForwards, revokeForward, type Forward } from '../api/patientsApi';
import { describeShareError } from '../sharing/describeShareError';
import { formatDate } from './formatDate';

type Loaded = { kind: 'loading' } | { kind: 'ready'; forwards: Forward[] } | { kind: 'failed'; message: string };

/** One link's state in a patient's words. */
function forwardState(forward: Forward, now: number): string {
  if (forward.revokedAt !== undefined) return `Revoked ${formatDate(forward.revokedAt)}`;
  if (forward.expiresAt <= now) return `Ended ${formatDate(forward.expiresAt)}`;
  return `Works until ${formatDate(forward.expiresAt)}`;
}

/**
 * "Doctors I sent to": the links this patient made, whether the doctor opened or answered them,
 * and Revoke. `version` changes when a new link was made, so the list asks again.
 */
export function MyForwards({ version }: { version: number }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [error, setError] = useState<string>();

  const load = useCallback((signal?: AbortSignal) => {
    listForwards(api, signal).then(
      (forwards) => setLoaded({ kind: 'ready', forwards }),
      (failure: unknown) => {
        if (!signal?.aborted) setLoaded({ kind: 'failed', message: describeShareError(failure) });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load, version]);

  const revoke = async (id: string) => {
    setError(undefined);
    try {
      await revokeForward(api, id);
      load();
    } catch (failure) {
      setError(describeShareError(failure));
    }
  };

  const now = Date.now();
  return (
    <section className="patient-forwards" aria-labelledby="patient-forwards-title">
      <h2 id="patient-forwards-title">Doctors I sent to</h2>
      {loaded.kind === 'loading' && <p className="muted">Loading…</p>}
      {loaded.kind === 'failed' && <p role="alert">{loaded.message}</p>}
      {loaded.kind === 'ready' && loaded.forwards.length === 0 && (
        <p className="muted">You have not sent your images to anyone.</p>
      )}
      {loaded.kind === 'ready' && loaded.forwards.length > 0 && (
        <ul className="patient-forward-list" aria-label="Doctors I sent to">
          {loaded.forwards.map((forward) => {
            const active = forward.revokedAt === undefined && forward.expiresAt > now;
            return (
              <li key={forward.id} className="patient-forward">
                <div>
                  <strong>{forward.label ?? 'A doctor'}</strong>
                  <span className="muted">
                    {' '}
                    · {forward.studies.length} {forward.studies.length === 1 ? 'study' : 'studies'} · sent{' '}
                    {formatDate(forward.createdAt)}
                  </span>
                </div>
                <div className="muted">
                  {forwardState(forward, now)}
                  {forward.lastOpenedAt === undefined
                    ? ' · not opened yet'
                    : ` · opened ${formatDate(forward.lastOpenedAt)}`}
                  {forward.lastReplyAt !== undefined &&
                    ` · answered ${formatDate(forward.lastReplyAt)} (see the study’s report)`}
                </div>
                {active && (
                  <button type="button" className="button" onClick={() => void revoke(forward.id)}>
                    Revoke
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
