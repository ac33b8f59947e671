import { constants } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { BackendResponse, RequestContext, StoreInput } from '../../dicomweb/backend';
import type { StoreRequest } from '../../dicomweb/request';
import { MultipartError, parseMediaType } from '../../../dicomweb/multipart';
import { badRequest, HttpError, unsupportedMediaType } from '../../errors';
import type { Ingester } from '../ingest/ingester';
import type { IngestOutcome } from '../ingest/outcome';
import type { FileStore } from '../store/fileStore';
import { readMultipart, type PartWriter } from './multipartStream';
import { stowResponse } from './stowResponse';

const DICOM = 'application/dicom';

/**
 * STOW-RS (PS3.18 10.5): `multipart/related; type="application/dicom"`, or one bare
 * `application/dicom` body. Each part is streamed to its own temp file under DATA_DIR/tmp as it
 * arrives; once the whole body has been read, each is stored on its own, so a bad part never
 * stops the good ones. A body that breaks off (client gone, stalled, upload or part cap, broken
 * framing) stores nothing and leaves no temp file.
 */
export async function storeInstances(
  ingester: Ingester,
  files: FileStore,
  request: StoreRequest,
  input: StoreInput,
  context: RequestContext,
): Promise<BackendResponse> {
  const temps = await receiveParts(() => files.tempPath(), input);
  const outcomes: IngestOutcome[] = [];
  try {
    for (const temp of temps) outcomes.push(await ingester.ingestTemp(temp, { study: request.study }));
  } finally {
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
  }
  return stowResponse(outcomes, request, context.publicBase);
}

/**
 * 413, not 400: the request is well formed, only larger than this server takes, and clients
 * answer 413 by sending less at a time.
 */
function tooManyInstances(max: number): HttpError {
  return new HttpError(
    413,
    'TOO_MANY_INSTANCES',
    `A STOW-RS request may hold at most ${max} instances (STOW_MAX_PARTS); send the rest in another request`,
  );
}

/**
 * Streams the body into synced temp files (at `tempPath()`), one per instance; throws HttpError
 * 400/413/415 and cleans up. Also how the quarantine receives an upload link's STOW-RS.
 */
export async function receiveParts(tempPath: () => string, input: StoreInput): Promise<string[]> {
  const type = parseMediaType(input.contentType);
  const temps: string[] = [];
  const unfinished = new Set<FileHandle>();
  const openTemp = async (): Promise<PartWriter> => {
    const path = tempPath();
    temps.push(path);
    const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o640);
    unfinished.add(handle);
    return {
      write: async (chunk) => {
        await handle.write(chunk);
      },
      // Synced: the file may be renamed into archive/ as it is.
      end: async () => {
        await handle.sync();
        unfinished.delete(handle);
        await handle.close();
      },
    };
  };
  try {
    if (type?.type === DICOM) {
      const writer = await openTemp();
      for await (const chunk of input.body) await writer.write(chunk as Uint8Array);
      await writer.end();
      return temps;
    }
    if (type?.type !== 'multipart/related') {
      throw unsupportedMediaType(
        `STOW-RS accepts multipart/related; type="${DICOM}" or ${DICOM}, not ${input.contentType ?? 'a body without Content-Type'}`,
      );
    }
    const rootType = type.params.type === undefined ? DICOM : parseMediaType(type.params.type)?.type;
    if (rootType !== DICOM) {
      throw unsupportedMediaType(
        `Only ${DICOM} parts are accepted; metadata with bulk data (type="${type.params.type ?? ''}") is not supported`,
      );
    }
    const boundary = type.params.boundary;
    if (!boundary) throw badRequest('The multipart/related Content-Type has no boundary parameter');
    const count = await readMultipart(input.body, boundary, async (headers) => {
      // Refused at the first part too many, not after the body: each part is a synced temp file.
      if (temps.length >= input.maxInstances) throw tooManyInstances(input.maxInstances);
      const partType = headers['content-type'];
      if (partType !== undefined && parseMediaType(partType)?.type !== DICOM) {
        throw unsupportedMediaType(`Part ${temps.length + 1} is ${partType.slice(0, 80)}; every part must be ${DICOM}`);
      }
      return openTemp();
    });
    if (count === 0) throw badRequest('The request contains no instances');
    return temps;
  } catch (error) {
    await Promise.all([...unfinished].map((handle) => handle.close().catch(() => undefined)));
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    if (error instanceof MultipartError)
      throw badRequest(`Malformed multipart body: ${error.message}`, 'MALFORMED_MULTIPART');
    throw error;
  }
}
