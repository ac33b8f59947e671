import { Readable } from 'node:stream';
import { notAcceptable } from '../../errors';
import type { BackendResponse, RequestContext } from '../../dicomweb/backend';
import type { RetrieveRequest } from '../../dicomweb/request';
import type { InstanceIndex } from '../types';
import type { AnswerCache } from '../../http/answerCache';
import { describeOffers, selectRepresentation, type Offer } from './accept';
import { absoluteBulkDataUris } from './bulkDataUris';
import { statStoredFile } from './byteSource';
import { entityTag, notModified, REVALIDATE } from './cacheHeaders';
import { findInstances, instanceUrl } from './findInstances';

type MetadataRequest = Extract<RetrieveRequest, { kind: 'metadata' }>;

/** application/json is the older name some clients still send (PS3.18 F.1). */
const OFFERS: Offer[] = [
  { mediaType: 'application/dicom+json', isDefault: true },
  { mediaType: 'application/json', isDefault: true },
];

/**
 * WADO-RS Retrieve Metadata (PS3.18 10.4.1.1.2): the DICOM JSON array of the instances, written
 * one instance at a time. Metadata changes when an instance is sent again, so caches revalidate.
 * A whole answer is kept in `cache` by its entity tag: a series opened again (the sender, then the
 * link's recipient; a reader coming back) is sent without reading and writing its instances' JSON
 * again, which for a 140-slice CT is most of the answer's time.
 */
export async function retrieveMetadata(
  index: InstanceIndex,
  request: MetadataRequest,
  context: RequestContext,
  cache: AnswerCache,
): Promise<BackendResponse> {
  const instances = findInstances(index, request.study, request.series, request.instance);
  const selection = selectRepresentation(context.accept, OFFERS, ['single']);
  if (selection === undefined) throw notAcceptable(`Metadata is served as ${describeOffers(OFFERS, ['single'])}`);

  const files = await Promise.all(instances.map((instance) => statStoredFile(instance.path)));
  const etag = entityTag(
    'metadata',
    context.publicBase,
    ...instances.flatMap((instance, i) => [instance.sopInstanceUID, files[i]!.size, files[i]!.mtimeMs]),
  );
  const cached = notModified(context.ifNoneMatch, etag, REVALIDATE);
  if (cached) return cached;

  const headers = { 'content-type': selection.offer.mediaType, etag, 'cache-control': REVALIDATE, vary: 'accept' };
  const kept = cache.get(etag);
  if (kept) return { status: 200, headers, body: kept };

  function* json(): Generator<string> {
    yield '[';
    let first = true;
    for (const instance of instances) {
      // An instance deleted since find() is simply no longer part of the answer.
      const metadata = index.metadata(instance.sopInstanceUID);
      if (metadata === undefined) continue;
      yield (
        (first ? '' : ',') + JSON.stringify(absoluteBulkDataUris(metadata, instanceUrl(context.publicBase, instance)))
      );
      first = false;
    }
    yield ']';
  }
  /** The answer as it streams; kept once written whole (a client gone midway stops the generator first). */
  function* keptWhenWhole(): Generator<string> {
    const parts: string[] = [];
    for (const part of json()) {
      parts.push(part);
      yield part;
    }
    cache.set(etag, Buffer.from(parts.join('')));
  }
  if (instances.length === 1) {
    const body = Buffer.from([...json()].join(''));
    cache.set(etag, body);
    return { status: 200, headers, body };
  }
  return { status: 200, headers, body: Readable.from(keptWhenWhole(), { objectMode: false }) };
}
