import { firstNumber, firstString, type DicomJsonDataset } from '../dicom/json';
import { bySeriesNumber, seriesOrderKey } from '../dicom/openingImage';
import type { DicomwebClient } from '../dicomweb/client';
import type { SeriesEntry } from './viewerState';

/**
 * The first requests a viewer makes: each study's series list, then the metadata of the series it
 * hangs first. Free of Cornerstone, so the app can start them (`warmUp`) while the viewer's code is
 * still downloading; the viewer then picks up the answers instead of asking again.
 */

const SERIES_FIELDS = ['0008103E', '00200011', '00201209'];
/** Early answers older than this are not used: a study may have gained series since. */
const FRESH_MS = 30_000;

interface EarlyRequests {
  readonly client: DicomwebClient;
  readonly studies: string;
  readonly at: number;
  readonly series: Map<string, Promise<SeriesEntry[]>>;
  readonly metadata: Map<string, Promise<DicomJsonDataset[]>>;
}

let early: EarlyRequests | undefined;

/** The panel's entry for a series, from its QIDO answer (or, for files on this device, one of its instances). */
export function seriesEntry(study: string, dataset: DicomJsonDataset): SeriesEntry | undefined {
  const seriesInstanceUID = firstString(dataset, '0020000E');
  if (!seriesInstanceUID) return undefined;
  return {
    studyInstanceUID: study,
    seriesInstanceUID,
    ...seriesOrderKey(dataset),
    modality: firstString(dataset, '00080060') ?? '',
    imageCount: firstNumber(dataset, '00201209') ?? 0,
    status: 'pending',
  };
}

async function fetchSeries(client: DicomwebClient, study: string, signal?: AbortSignal): Promise<SeriesEntry[]> {
  const datasets = await client.searchSeries(study, { includefield: SERIES_FIELDS }, signal);
  return datasets.flatMap((dataset) => seriesEntry(study, dataset) ?? []).sort(bySeriesNumber);
}

function earlyFor(client: DicomwebClient): EarlyRequests | undefined {
  return early && early.client === client && Date.now() - early.at < FRESH_MS ? early : undefined;
}

/**
 * The early answer when there is one; a failed early request is made again, so any error the viewer
 * reports is from its own request. Early requests cannot be aborted, so an abort is honoured at the end.
 */
async function earlyOr<T>(
  answer: Promise<T> | undefined,
  ask: () => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  const value = await (answer ? answer.catch(ask) : ask());
  signal?.throwIfAborted();
  return value;
}

/**
 * Starts the series lists of `studies` and, as each arrives, the metadata of its first series (the
 * one the viewer hangs first when it is displayable). Repeated calls for the same studies (React
 * StrictMode, a re-render) reuse the requests under way.
 */
export function warmUp(client: DicomwebClient, studies: readonly string[]): void {
  const key = studies.join(',');
  if (earlyFor(client)?.studies === key) return;
  const requests: EarlyRequests = { client, studies: key, at: Date.now(), series: new Map(), metadata: new Map() };
  for (const study of studies) {
    const listing = fetchSeries(client, study).then((entries) => {
      const first = entries[0];
      if (first) {
        const metadata = client.retrieveSeriesMetadata(study, first.seriesInstanceUID);
        metadata.catch(() => undefined); // unused answers must not surface as unhandled rejections
        requests.metadata.set(first.seriesInstanceUID, metadata);
      }
      return entries;
    });
    listing.catch(() => undefined);
    requests.series.set(study, listing);
  }
  early = requests;
}

/** A study's series in series-number order. */
export function listSeries(client: DicomwebClient, study: string, signal?: AbortSignal): Promise<SeriesEntry[]> {
  return earlyOr(earlyFor(client)?.series.get(study), () => fetchSeries(client, study, signal), signal);
}

/** A series' metadata (DICOM JSON, one dataset per instance). */
export function seriesMetadata(
  client: DicomwebClient,
  study: string,
  series: string,
  signal?: AbortSignal,
): Promise<DicomJsonDataset[]> {
  return earlyOr(
    earlyFor(client)?.metadata.get(series),
    () => client.retrieveSeriesMetadata(study, series, signal),
    signal,
  );
}
