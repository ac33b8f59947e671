import type { SkippedFile } from '../../viewer/localSeriesSource';

/** The files not shown, each with the reason in words. */
export function SkippedFiles({ skipped }: { skipped: readonly SkippedFile[] }) {
  return (
    <section className="local-skipped" aria-label="Skipped files">
      <h2>
        {skipped.length === 1 ? '1 file' : `${skipped.length} files`} skipped (not DICOM images this viewer can show)
      </h2>
      <ul>
        {skipped.map(({ name, reason }, index) => (
          <li key={`${index}:${name}`}>
            <span className="local-skipped-name">{name}</span>: {reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
