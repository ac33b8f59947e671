import { Readable } from 'node:stream';
import { swapBytes, vrWordSize } from '../../../dicom/pixel/byteSwap';
import { transferSyntaxInfo } from '../../../dicom/pixel/transferSyntax';
import { notAcceptable, notFound } from '../../errors';
import type { BackendResponse, RequestContext } from '../../dicomweb/backend';
import type { BulkdataPath, RetrieveRequest } from '../../dicomweb/request';
import { openParseable, type InflatedRenditions } from '../deflated/renditions';
import type { InstanceIndex, StoredInstance } from '../types';
import { describeOffers, selectRepresentation, type Packaging, type Selection } from './accept';
import { entityTag, IMMUTABLE, notModified } from './cacheHeaders';
import { parsePart10, type DataSet, type Element } from './dicomParser';
import { findInstances, instanceUrl } from './findInstances';
import { nativeValueChunks } from './frameReader';
import { multipartBody } from './multipartBody';
import type { PixelLoader } from './pixelLoader';
import { payloadType, responseType, UNCOMPRESSED } from './representation';
import { serveFrames } from './retrieveFrames';
import { unreadableInstance } from './wadoErrors';

type BulkdataRequest = Extract<RetrieveRequest, { kind: 'bulkdata' }>;

const PIXEL_TAGS = new Set(['7FE00010', '7FE00008', '7FE00009']);
const PACKAGINGS: Packaging[] = ['multipart', 'single'];

/**
 * WADO-RS Retrieve Bulkdata (PS3.18 10.4.1.1.5) for the relative BulkDataURIs the index hands
 * out. Values come little endian (PS3.18 8.7.3.3.1). Pixel Data comes whole when native, and
 * frame by frame when encapsulated, as fragment delimiters are not part of the value.
 */
export async function retrieveBulkdata(
  index: InstanceIndex,
  loadPixels: PixelLoader,
  renditions: InflatedRenditions,
  request: BulkdataRequest,
  context: RequestContext,
): Promise<BackendResponse> {
  const [instance] = findInstances(index, request.study, request.series, request.instance);
  const [tag] = request.attribute;
  if (request.attribute.length === 1 && typeof tag === 'string' && PIXEL_TAGS.has(tag)) {
    return pixelBulkdata(instance!, tag, loadPixels, context);
  }
  const selection = negotiate(context.accept);
  const file = await openParseable(instance!, renditions);
  let bytes: Buffer;
  try {
    bytes = await file.readAll();
  } finally {
    await file.source.close();
  }
  const etag = entityTag(
    'bulk',
    instance!.sopInstanceUID,
    file.identity.size,
    file.identity.mtimeMs,
    request.attribute.join('/'),
    selection.packaging,
  );
  const cached = notModified(context.ifNoneMatch, etag, IMMUTABLE);
  if (cached) return cached;

  const parsed = parsePart10(bytes, instance!.transferSyntaxUID);
  const { dataSet, element } = locate(parsed.dataSet, request.attribute);
  const value = elementValue(dataSet, element, transferSyntaxInfo(parsed.transferSyntaxUID)?.bigEndian ?? false);
  return respond(
    selection,
    etag,
    [value],
    value.length,
    `${instanceUrl(context.publicBase, instance!)}/bulk/${request.attribute.join('/')}`,
  );
}

/** The value little endian; encapsulated (an icon's compressed Pixel Data) without its item delimiters (PS3.18 8.7.3.3.2). */
function elementValue(dataSet: DataSet, element: Element, bigEndian: boolean): Buffer {
  const size = dataSet.byteArray.length;
  const slice = (offset: number, length: number) => {
    if (offset + length > size) throw unreadableInstance('A bulk data value runs past the end of the file');
    return Buffer.from(dataSet.byteArray.subarray(offset, offset + length));
  };
  if (element.encapsulatedPixelData)
    return Buffer.concat((element.fragments ?? []).map((f) => slice(f.position, f.length)));
  const stored = slice(element.dataOffset, element.length);
  return bigEndian ? Buffer.from(swapBytes(stored, vrWordSize(element.vr))) : stored;
}

async function pixelBulkdata(
  instance: StoredInstance,
  tag: string,
  loadPixels: PixelLoader,
  context: RequestContext,
): Promise<BackendResponse> {
  const loaded = await loadPixels(instance);
  const { layout, source, identity } = loaded;
  if (!layout.native) {
    const frames = Array.from({ length: layout.numberOfFrames }, (_, i) => i + 1);
    return serveFrames(instance, loaded, frames, context);
  }
  let streaming = false;
  try {
    const selection = negotiate(context.accept);
    const etag = entityTag('bulk', instance.sopInstanceUID, identity.size, identity.mtimeMs, tag, selection.packaging);
    const cached = notModified(context.ifNoneMatch, etag, IMMUTABLE);
    if (cached) return cached;
    const url = `${instanceUrl(context.publicBase, instance)}/bulk/${tag}`;
    const response = respond(selection, etag, nativeValueChunks(layout, source), layout.native.length, url, () =>
      source.close(),
    );
    streaming = true;
    return response;
  } finally {
    if (!streaming) await source.close();
  }
}

function negotiate(accept: string | undefined): Selection {
  const selection = selectRepresentation(accept, [UNCOMPRESSED], PACKAGINGS);
  if (selection === undefined)
    throw notAcceptable(`Bulk data is served as ${describeOffers([UNCOMPRESSED], PACKAGINGS)}`);
  return selection;
}

function respond(
  selection: Selection,
  etag: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  length: number,
  url: string,
  release?: () => Promise<void>,
): BackendResponse {
  const headers = { etag, 'cache-control': IMMUTABLE, vary: 'accept' };
  if (selection.packaging === 'single') {
    const body = Readable.from(chunks, { objectMode: false });
    if (release) body.once('close', () => void release().catch(() => {}));
    return {
      status: 200,
      headers: { ...headers, 'content-type': payloadType(selection.offer), 'content-length': String(length) },
      body,
    };
  }
  const multipart = multipartBody();
  async function* parts() {
    yield {
      headers: {
        'Content-Type': payloadType(selection.offer),
        'Content-Length': String(length),
        'Content-Location': url,
      },
      body: toAsync(chunks),
    };
  }
  return {
    status: 200,
    headers: { ...headers, 'content-type': responseType(selection, multipart.boundary) },
    body: multipart.stream(parts(), release),
  };
}

async function* toAsync(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) yield chunk;
}

/** The element at a bulk data path: tags, and item indexes inside sequences (e.g. 00540016/0/00181072). */
function locate(root: DataSet, path: BulkdataPath): { dataSet: DataSet; element: Element } {
  const missing = () => notFound('Bulk data not found', 'BULKDATA_NOT_FOUND');
  let dataSet = root;
  for (let i = 0; i < path.length; i += 2) {
    const element = dataSet.elements[`x${String(path[i]).toLowerCase()}`];
    if (element === undefined) throw missing();
    if (i === path.length - 1) {
      if (element.items !== undefined) throw missing();
      return { dataSet, element };
    }
    const item = element.items?.[Number(path[i + 1])]?.dataSet;
    if (item === undefined) throw missing();
    dataSet = item;
  }
  throw missing();
}
