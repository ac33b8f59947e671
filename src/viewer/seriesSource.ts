import type { DicomwebClient } from '../dicomweb/client';
import type { FrameLease } from './metadata/metadataStore';
import { loadSeries, type LoadedSeries } from './seriesLoader';
import { listSeries } from './studyRequests';
import type { SeriesEntry, ViewerState } from './viewerState';

/**
 * Where a viewer's series come from: a DICOMweb server (the gateway, or another in direct mode),
 * or files read in this browser, which the app must not offer to share or download from a server.
 */
export interface SeriesSource {
  readonly kind: ViewerState['source'];
  /** A study's series in series-number order. */
  listSeries(study: string, signal?: AbortSignal): Promise<SeriesEntry[]>;
  /** A series ordered for display, its frames registered under `lease`. */
  loadSeries(study: string, series: string, lease: FrameLease, signal?: AbortSignal): Promise<LoadedSeries>;
}

export function dicomwebSource(client: DicomwebClient): SeriesSource {
  return {
    kind: 'dicomweb',
    listSeries: (study, signal) => listSeries(client, study, signal),
    loadSeries: (study, series, lease, signal) => loadSeries(client, study, series, lease, signal),
  };
}
