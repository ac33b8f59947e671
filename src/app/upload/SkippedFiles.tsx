import type { SkippedFile } from './scanFiles';

/** Files that will not be sent, each with its reason: the sender may have picked the wrong folder. */
export function SkippedFiles({ skipped }: { skipped: readonly SkippedFile[] }) {
  if (skipped.length === 0) return null;
  return (
    <details className="upload-skipped" open={skipped.length <= 5}>
      <summary>
        {skipped.length} {skipped.length === 1 ? 'file is' : 'files are'} not DICOM images and will not be sent
      </summary>
      <ul>
        {skipped.map(({ path, reason }) => (
          <li key={path} data-testid="skipped-file">
            <span className="upload-path">{path}</span> — {reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
