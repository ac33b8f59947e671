import { createReadStream } from 'node:fs';
import { notAcceptable } from '../../errors';
import type { BackendResponse, RequestContext } from '../../dicomweb/backend';
import type { RetrieveRequest } from '../../dicomweb/request';
import type { InstanceIndex, StoredInstance } from '../types';
import { describeOffers, selectRepresentation, type Offer, type Packaging, type Selection } from './accept';
import { statStoredFile } from './byteSource';
import { entityTag, IMMUTABLE, notModified, REVALIDATE } from './cacheHeaders';
import { findInstances, instanceUrl } from './findInstances';
import { multipartBody, type OutgoingPart } from './multipartBody';
import { payloadType, responseType } from './representation';

type InstancesRequest = Extract<RetrieveRequest, { kind: 'instances' }>;

/**
 * WADO-RS Retrieve Study, Series or Instance (PS3.18 10.4.1.1.1): one application/dicom part per
 * instance, each streamed from its file as received. Files are served in their stored transfer
 * syntax; a request for another one is 406 (no transcoding here).
 */
export async function retrieveInstances(
  index: InstanceIndex,
  request: InstancesRequest,
  context: RequestContext,
): Promise<BackendResponse> {
  const instances = findInstances(index, request.study, request.series, request.instance);
  const packagings: Packaging[] = request.instance === undefined ? ['multipart'] : ['multipart', 'single'];
  const selection = negotiate(instances, packagings, context.accept);
  // Missing files are found before the status line goes out, not halfway through the body.
  const files = await Promise.all(instances.map((instance) => statStoredFile(instance.path)));

  const single = request.instance !== undefined;
  const cacheControl = single ? IMMUTABLE : REVALIDATE;
  const etag = entityTag(
    'instances',
    selection.packaging,
    ...instances.flatMap((instance, i) => [
      instance.sopInstanceUID,
      instance.transferSyntaxUID,
      files[i]!.size,
      files[i]!.mtimeMs,
    ]),
  );
  const cached = notModified(context.ifNoneMatch, etag, cacheControl);
  if (cached) return cached;
  const headers = { etag, 'cache-control': cacheControl, vary: 'accept' };

  if (selection.packaging === 'single') {
    const instance = instances[0]!;
    return {
      status: 200,
      headers: {
        ...headers,
        'content-type': payloadType(storedOffer(instance)),
        'content-length': String(files[0]!.size),
      },
      body: createReadStream(instance.path),
    };
  }
  // The response's transfer-syntax parameter is only true when every part shares it.
  const uniform = new Set(instances.map((instance) => instance.transferSyntaxUID)).size === 1;
  const outer: Selection = uniform
    ? selection
    : { packaging: 'multipart', offer: { mediaType: 'application/dicom', isDefault: true } };
  const multipart = multipartBody();
  async function* parts(): AsyncGenerator<OutgoingPart> {
    for (const [i, instance] of instances.entries()) {
      yield {
        headers: {
          'Content-Type': payloadType(storedOffer(instance)),
          'Content-Length': String(files[i]!.size),
          'Content-Location': instanceUrl(context.publicBase, instance),
        },
        body: createReadStream(instance.path),
      };
    }
  }
  return {
    status: 200,
    headers: { ...headers, 'content-type': responseType(outer, multipart.boundary) },
    body: multipart.stream(parts()),
  };
}

function storedOffer(instance: StoredInstance): Offer {
  return { mediaType: 'application/dicom', transferSyntax: instance.transferSyntaxUID, isDefault: true };
}

/** One selection for the whole response: every stored syntax in it must be acceptable. */
function negotiate(instances: StoredInstance[], packagings: Packaging[], accept: string | undefined): Selection {
  const syntaxes = [...new Set(instances.map((instance) => instance.transferSyntaxUID))];
  let selection: Selection | undefined;
  for (const transferSyntax of syntaxes) {
    const offers = [storedOffer(instances.find((instance) => instance.transferSyntaxUID === transferSyntax)!)];
    selection = selectRepresentation(accept, offers, selection ? [selection.packaging] : packagings);
    if (selection === undefined) {
      throw notAcceptable(
        `Instances are served as stored, here in ${syntaxes.join(', ')}; acceptable: ${describeOffers(offers, packagings)} or transfer-syntax=*`,
      );
    }
  }
  return selection!;
}
