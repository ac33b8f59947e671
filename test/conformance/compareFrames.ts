import type { FastifyInstance } from 'fastify';
import { firstNumber, firstString, type DicomJsonDataset } from '../../src/dicom/json';
import { manifest, type ManifestEntry } from '../support/corpus';
import { fetchBytes, multipartParts, partDigests } from '../proxy/gateway';
import { FRAMES_RULES, type FramesContext } from './framesAllowList';

/** Frames of one instance from both servers: with transfer-syntax=* (as stored) and with no Accept header. */

const STORED = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

/** Manifest entry of every corpus instance, by SOP Instance UID. */
const entriesBySop: Map<string, ManifestEntry> = new Map(
  manifest.entries.flatMap((entry) => [
    ...(entry.sopInstanceUID === undefined ? [] : [[entry.sopInstanceUID, entry] as const]),
    ...(entry.files ?? []).flatMap((file) =>
      file.sopInstanceUID === undefined ? [] : [[file.sopInstanceUID, entry] as const],
    ),
  ]),
);

interface FramesOutcome {
  finding?: string;
  rule?: string;
}

/** First and last frame in one request, so multi-frame offsets are exercised too. */
export function framesPath(instance: DicomJsonDataset): string {
  const last = firstNumber(instance, '00280008') ?? 1;
  const uids = ['0020000D', '0020000E', '00080018'].map((tag) => firstString(instance, tag));
  return `/studies/${uids[0]}/series/${uids[1]}/instances/${uids[2]}/frames/1${last > 1 ? `,${last}` : ''}`;
}

/** A server's answer reduced to what is compared: status and per-part digests. */
export interface FramesAnswer {
  status: number;
  parts: string[];
}

function digests(contentType: unknown, body: Uint8Array): string[] {
  try {
    return partDigests(multipartParts(contentType, body));
  } catch {
    return [];
  }
}

/**
 * Orthanc's answer. Fetched before any archive work, a few at a time, and retried once: under
 * concurrent transcoding Orthanc 1.10 sometimes closes a response mid-body ("has not sent the
 * proper number of bytes"), which says nothing about the archive.
 */
export async function orthancFrames(
  orthancRoot: string,
  path: string,
  accept: FramesContext['accept'],
): Promise<FramesAnswer> {
  const fetchOnce = async () => {
    const direct = await fetchBytes(`${orthancRoot}${path}`, accept === 'stored' ? STORED : undefined);
    return { status: direct.status, parts: direct.status === 200 ? digests(direct.contentType, direct.body) : [] };
  };
  return fetchOnce().catch(fetchOnce);
}

export async function ourFrames(
  app: FastifyInstance,
  path: string,
  accept: FramesContext['accept'],
): Promise<FramesAnswer> {
  const ours = await app.inject({
    method: 'GET',
    url: `/dicomweb${path}`,
    headers: accept === 'stored' ? { accept: STORED } : {},
  });
  return {
    status: ours.statusCode,
    parts: ours.statusCode === 200 ? digests(ours.headers['content-type'], ours.rawPayload) : [],
  };
}

/** Equal answers, an answer a rule explains (its id), or a finding. */
export function judgeFrames(
  instance: DicomJsonDataset,
  accept: FramesContext['accept'],
  orthanc: FramesAnswer,
  ours: FramesAnswer,
): FramesOutcome {
  const sameBytes = orthanc.status === ours.status && JSON.stringify(orthanc.parts) === JSON.stringify(ours.parts);
  if (sameBytes) return {};
  const entry = entriesBySop.get(firstString(instance, '00080018') ?? '');
  const rule = FRAMES_RULES.find((r) =>
    r.matches({ accept, entry, orthancStatus: orthanc.status, oursStatus: ours.status, sameBytes }),
  );
  if (rule !== undefined) return { rule: rule.id };
  return {
    finding: `${framesPath(instance)} (${accept}, ${entry?.path ?? 'not in the manifest'}): Orthanc HTTP ${orthanc.status} [${orthanc.parts.join(' ')}], SecondRead HTTP ${ours.status} [${ours.parts.join(' ')}]`,
  };
}
