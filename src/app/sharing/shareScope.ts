/** What the sender picked in the viewer: the studies on screen, the active viewport's series, or chosen series. */
export type ScopeChoice = { kind: 'studies' } | { kind: 'active' } | { kind: 'chosen'; series: ReadonlySet<string> };

interface SeriesRef {
  studyInstanceUID: string;
  seriesInstanceUID: string;
}

type Scope = { ok: true; studyInstanceUIDs: string[]; seriesInstanceUIDs?: string[] } | { ok: false; message: string };

/**
 * The share request's scope. Series-scoped shares name only the studies their series belong to:
 * the server refuses a study left without any of the chosen series.
 */
export function shareScope(
  choice: ScopeChoice,
  studyInstanceUIDs: readonly string[],
  series: readonly SeriesRef[],
  activeSeries: string | undefined,
): Scope {
  if (choice.kind === 'studies') {
    return studyInstanceUIDs.length > 0
      ? { ok: true, studyInstanceUIDs: [...studyInstanceUIDs] }
      : { ok: false, message: 'No study is open.' };
  }
  const wanted = choice.kind === 'active' ? new Set(activeSeries === undefined ? [] : [activeSeries]) : choice.series;
  const picked = series.filter((entry) => wanted.has(entry.seriesInstanceUID));
  if (picked.length === 0) {
    return {
      ok: false,
      message: choice.kind === 'active' ? 'The active viewport shows no series.' : 'Choose at least one series.',
    };
  }
  return {
    ok: true,
    studyInstanceUIDs: [...new Set(picked.map((entry) => entry.studyInstanceUID))],
    seriesInstanceUIDs: picked.map((entry) => entry.seriesInstanceUID),
  };
}
