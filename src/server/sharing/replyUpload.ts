import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MultipartError, parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import { auditRefusal } from '../audit/refusalAudit';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { UploadScreen } from '../dicomweb/guard';
import { HttpError } from '../errors';
import type { KeyedLock } from './keyedLock';
import { replyFacts } from './replyFacts';
import { readReplyInstance } from './replyInstance';
import { judgeReply, screenReply, type ReplyInstance, type ReplyVerdict, type UploadScope } from './replyPolicy';

/** Instances one upload may hold: a report or two and a key object selection, not a study. */
const REPLY_MAX_PARTS = 10;

const DICOM = 'application/dicom';

/** What differs between a share recipient's reply (shareReply.ts) and a radiologist's Save (reportSave.ts). */
export interface UploadRules {
  /** How refusals name the upload: "A reply", "A saved report". */
  noun: string;
  /** The audit's `request` detail of a refusal: 'reply', 'save'. */
  request: string;
  /** Where the instances may go and what they may reference. */
  scopeOf(instances: readonly ReplyInstance[], pathStudy: string | undefined): UploadScope;
  /** Records an upload the backend stored whole: its audit record (and the share's reply rows). */
  record(instances: readonly ReplyInstance[]): Promise<void>;
}

interface UploadOptions {
  backend: DicomwebBackend;
  /** REPLY_MAX_BYTES */
  maxBytes: number;
  /** Held per study from the lookups to the store (see dicomwebGuard.ts). */
  lock: KeyedLock;
}

/**
 * The screen an SR/KOS upload passes before the backend sees it (the impure shell around
 * replyPolicy.ts): reads the body whole, up to REPLY_MAX_BYTES; parses every part; asks the
 * backend (QIDO-RS, so the archive and a proxied PACS alike) about the study, the references and
 * the new UIDs; and hands the backend the same bytes only when every rule holds. The lookups and
 * the store run under the study's lock, so two uploads of the same new UIDs cannot both pass. A
 * refusal is audited and stores nothing; an upload stored whole is recorded by the rules.
 */
export function uploadScreen(
  app: FastifyInstance,
  request: FastifyRequest,
  pathStudy: string | undefined,
  rules: UploadRules,
  { backend, maxBytes, lock }: UploadOptions,
): UploadScreen {
  const { noun } = rules;
  const refuse = async (status: number, code: string, message: string, studies: string[] = []) => {
    await auditRefusal(app, request, { status, code, reason: message, studies, detail: { request: rules.request } });
    return new HttpError(status, code, message);
  };
  const refuseVerdict = async (verdict: ReplyVerdict & { ok: false }, instances: readonly ReplyInstance[]) =>
    refuse(verdict.status, verdict.code, verdict.message, studiesOf(instances));

  return async (input, context, store) => {
    const type = parseMediaType(input.contentType);
    const boundary = type?.params.boundary;
    if (type?.type !== 'multipart/related' || !boundary) {
      input.body.destroy();
      throw await refuse(415, 'UNSUPPORTED_MEDIA_TYPE', `${noun} is sent as multipart/related; type="${DICOM}"`);
    }
    const body = await readWhole(input.body, maxBytes);
    if (body === undefined)
      throw await refuse(413, 'REPLY_TOO_LARGE', `${noun} may hold at most ${maxBytes} bytes (REPLY_MAX_BYTES)`);

    let parts;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      if (error instanceof MultipartError) throw await refuse(400, 'MALFORMED_REPLY', error.message);
      throw error;
    }
    if (parts.length > REPLY_MAX_PARTS)
      throw await refuse(413, 'TOO_MANY_PARTS', `${noun} may hold at most ${REPLY_MAX_PARTS} instances`);
    const instances: ReplyInstance[] = [];
    for (const [index, part] of parts.entries()) {
      const partType = part.headers['content-type'];
      if (partType !== undefined && parseMediaType(partType)?.type !== DICOM)
        throw await refuse(415, 'UNSUPPORTED_MEDIA_TYPE', `Part ${index + 1} is not ${DICOM}`);
      try {
        instances.push(readReplyInstance(part.body, index + 1));
      } catch (error) {
        if (error instanceof HttpError) throw await refuse(error.status, error.code, error.message);
        throw error;
      }
    }

    const scope = rules.scopeOf(instances, pathStudy);
    const screened = screenReply(instances, pathStudy, scope);
    if (!screened.ok) throw await refuseVerdict(screened, instances);
    return lock(studiesOf(instances), async () => {
      const judged = judgeReply(instances, scope, await replyFacts(backend, searchContext(context), instances));
      if (!judged.ok) throw await refuseVerdict(judged, instances);
      const response = await store({ ...input, body: Readable.from([body]) });
      // 202 and 409 carry per-instance failures: only an upload stored whole is recorded.
      if (response.status === 200) await rules.record(instances);
      return response;
    });
  };
}

const studiesOf = (instances: readonly ReplyInstance[]) => [...new Set(instances.map((i) => i.studyUID))];

/** The body as one buffer, or undefined once it passes `limit` (the rest is not read). */
async function readWhole(body: Readable, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

function searchContext(context: RequestContext): RequestContext {
  return { accept: 'application/dicom+json', publicBase: context.publicBase, signal: context.signal };
}
