import { useCallback, useMemo, useState } from 'react';
import type { StudyRow } from '../studyList/studyRow';

export interface StudySelection {
  /** Chosen rows by Study Instance UID, kept across pages and searches so studies can be gathered. */
  rows: ReadonlyMap<string, StudyRow>;
  isSelected: (studyInstanceUID: string) => boolean;
  toggle: (row: StudyRow) => void;
  clear: () => void;
}

export function useStudySelection(): StudySelection {
  const [rows, setRows] = useState<ReadonlyMap<string, StudyRow>>(new Map());
  const toggle = useCallback((row: StudyRow) => {
    setRows((current) => {
      const next = new Map(current);
      if (next.has(row.studyInstanceUID)) next.delete(row.studyInstanceUID);
      else next.set(row.studyInstanceUID, row);
      return next;
    });
  }, []);
  const clear = useCallback(() => setRows(new Map()), []);
  return useMemo(() => ({ rows, isSelected: (uid: string) => rows.has(uid), toggle, clear }), [rows, toggle, clear]);
}
