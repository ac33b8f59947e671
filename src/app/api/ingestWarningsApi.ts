import { IngestWarnings } from '../../api/ingestWarnings';
import type { ApiClient } from './apiClient';
import { decode } from './decode';

/** SOP Instance UID → what the archive corrected when it stored that instance (staff only). */
export type StudyIngestWarnings = ReadonlyMap<string, readonly string[]>;

/** GET /api/ingest-warnings for one study: only instances stored with corrections are listed. */
export async function fetchIngestWarnings(
  client: ApiClient,
  studyInstanceUID: string,
  signal?: AbortSignal,
): Promise<StudyIngestWarnings> {
  const json = decode(
    IngestWarnings,
    await client.get(`/api/ingest-warnings?StudyInstanceUID=${encodeURIComponent(studyInstanceUID)}`, signal),
    'ingest warnings',
  );
  return new Map(json.instances.map((instance) => [instance.sopInstanceUID, instance.warnings]));
}
