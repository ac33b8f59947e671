import type { FileState } from './sendFiles';
import type { FileOutcome } from './stowOutcome';

export interface SentFile {
  path: string;
  state: FileState;
}

function describeOutcome(outcome: FileOutcome): string {
  switch (outcome.kind) {
    case 'stored':
      return 'Stored';
    case 'alreadyThere':
      return 'Already there';
    case 'refused':
      return `Refused: ${outcome.reason}`;
    case 'failed':
      return `Failed: ${outcome.reason}`;
  }
}

/** Counts of each outcome so far, for the summary line. */
export function tally(files: readonly SentFile[]) {
  const count = (kind: FileOutcome['kind']) =>
    files.filter(({ state }) => state.status === 'done' && state.outcome.kind === kind).length;
  return {
    stored: count('stored'),
    alreadyThere: count('alreadyThere'),
    refused: count('refused'),
    failed: count('failed'),
    done: files.filter(({ state }) => state.status === 'done').length,
  };
}

/** Every file with its progress bar while it goes, then its outcome in words. */
export function SendProgress({ files }: { files: readonly SentFile[] }) {
  return (
    <ol className="upload-files">
      {files.map(({ path, state }) => (
        <li
          key={path}
          data-testid="sent-file"
          data-outcome={state.status === 'done' ? state.outcome.kind : state.status}
        >
          <span className="upload-path">{path}</span>
          {state.status === 'done' ? (
            <span className={`upload-outcome upload-outcome-${state.outcome.kind}`}>
              {describeOutcome(state.outcome)}
            </span>
          ) : (
            <progress max={1} value={state.status === 'sending' ? state.fraction : 0} aria-label={`Sending ${path}`} />
          )}
        </li>
      ))}
    </ol>
  );
}
