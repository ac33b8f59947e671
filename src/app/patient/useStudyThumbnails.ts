import { useEffect, useState } from 'react';
import type { DicomwebClient } from '../../dicomweb/client';

/**
 * Pictures for the patient's study cards, by Study Instance UID, drawn one study at a time once
 * the list is on screen. The viewer's code (Cornerstone and its codecs) loads on demand here, so
 * the list shows first; a study whose picture fails keeps its placeholder.
 */
export function useStudyThumbnails(client: DicomwebClient, studyUids: readonly string[]): ReadonlyMap<string, string> {
  const [thumbnails, setThumbnails] = useState<ReadonlyMap<string, string>>(new Map());
  const key = studyUids.join(',');
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    const stopped = () => controller.signal.aborted;
    void (async () => {
      const { studyThumbnail } = await import('../../viewer/studyThumbnail');
      for (const uid of key.split(',')) {
        if (stopped()) return;
        const picture = await studyThumbnail(client, uid, controller.signal).catch(() => undefined);
        if (picture !== undefined && !stopped()) setThumbnails((previous) => new Map(previous).set(uid, picture));
      }
    })();
    return () => controller.abort();
  }, [client, key]);
  return thumbnails;
}
