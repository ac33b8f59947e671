import { Readable } from 'node:stream';
import { notAcceptable } from '../../errors';
import type { BackendResponse, RequestContext } from '../../dicomweb/backend';
import type { RetrieveRequest } from '../../dicomweb/request';
import type { InstanceIndex } from '../types';
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
 */
export async function retrieveMetadata(
  index: InstanceIndex,
  request: MetadataRequest,
  context: RequestContext,
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
  const headers = { 'content-type': selection.offer.mediaType, etag, 'cache-control': REVALIDATE, vary: 'accept' };
  const body = instances.length === 1 ? [...json()].join('') : Readable.from(json(), { objectMode: false });
  return { status: 200, headers, body };
}
