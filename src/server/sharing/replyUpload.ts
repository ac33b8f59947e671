import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { firstString } from '../../dicom/json';
import { MultipartError, parseMediaType, parseMultipart } from '../../dicomweb/multipart';
import { actorOf } from '../audit/actorOf';
import { auditRefusal } from '../audit/refusalAudit';
import type { SharePrincipal } from '../auth/principal';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { UploadScreen } from '../dicomweb/guard';
import type { SearchLevel } from '../dicomweb/request';
import { HttpError } from '../errors';
import { patientOf, readReplyInstance } from './replyInstance';
import {
  judgeReply,
  screenReply,
  type InstancePlace,
  type PatientFacts,
  type ReplyFacts,
  type ReplyInstance,
  type ReplyVerdict,
} from './replyPolicy';

/** Instances one reply may hold: a report or two and a key object selection, not a study. */
const REPLY_MAX_PARTS = 10;

const DICOM = 'application/dicom';
const STUDY = '0020000D';
const SERIES = '0020000E';
const SOP_INSTANCE = '00080018';
const PATIENT_TAGS = ['00100010', '00100020', '00100030'];

interface ReplyOptions {
  backend: DicomwebBackend;
  /** REPLY_MAX_BYTES */
  maxBytes: number;
}

/**
 * The screen a share recipient's STOW-RS body passes before the backend sees it (the impure shell
 * around replyPolicy.ts): reads the body whole, up to REPLY_MAX_BYTES; parses every part; asks the
 * backend (QIDO-RS, so the archive and a proxied PACS alike) about the study, the references and
 * the new UIDs; and hands the backend the same bytes only when every rule holds. A refusal is
 * audited and stores nothing; an accepted reply is recorded with the share and audited.
 */
export function replyScreen(
  app: FastifyInstance,
  request: FastifyRequest,
  principal: SharePrincipal,
  pathStudy: string | undefined,
  { backend, maxBytes }: ReplyOptions,
): UploadScreen {
  const scope = principal.share.scope;
  const refuse = async (status: number, code: string, message: string, studies: string[] = []) => {
    await auditRefusal(app, request, { status, code, reason: message, studies, detail: { request: 'reply' } });
    return new HttpError(status, code, message);
  };
  const refuseVerdict = async (verdict: ReplyVerdict & { ok: false }, instances: readonly ReplyInstance[]) =>
    refuse(verdict.status, verdict.code, verdict.message, [...new Set(instances.map((i) => i.studyUID))]);

  return async (input, context) => {
    const type = parseMediaType(input.contentType);
    const boundary = type?.params.boundary;
    if (type?.type !== 'multipart/related' || !boundary) {
      input.body.destroy();
      throw await refuse(415, 'UNSUPPORTED_MEDIA_TYPE', `A reply is sent as multipart/related; type="${DICOM}"`);
    }
    const body = await readWhole(input.body, maxBytes);
    if (body === undefined)
      throw await refuse(413, 'REPLY_TOO_LARGE', `A reply may hold at most ${maxBytes} bytes (REPLY_MAX_BYTES)`);

    let parts;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      if (error instanceof MultipartError) throw await refuse(400, 'MALFORMED_REPLY', error.message);
      throw error;
    }
    if (parts.length > REPLY_MAX_PARTS)
      throw await refuse(413, 'TOO_MANY_PARTS', `A reply may hold at most ${REPLY_MAX_PARTS} instances`);
    const instances: ReplyInstance[] = [];
    for (const [index, part] of parts.entries()) {
      const partType = part.headers['content-type'];
      if (partType !== undefined && parseMediaType(partType)?.type !== DICOM)
        throw await refuse(415, 'UNSUPPORTED_MEDIA_TYPE', `Part ${index + 1} of the reply is not ${DICOM}`);
      try {
        instances.push(readReplyInstance(part.body, index + 1));
      } catch (error) {
        if (error instanceof HttpError) throw await refuse(error.status, error.code, error.message);
        throw error;
      }
    }

    const screened = screenReply(instances, pathStudy, scope);
    if (!screened.ok) throw await refuseVerdict(screened, instances);
    const judged = judgeReply(instances, scope, await replyFacts(backend, searchContext(context), instances));
    if (!judged.ok) throw await refuseVerdict(judged, instances);

    return {
      input: { ...input, body: Readable.from([body]) },
      stored: async (response) => {
        // 202 and 409 carry per-instance failures: only a reply stored whole is one.
        if (response.status !== 200) return;
        await recordReply(app, request, principal, instances);
      },
    };
  };
}

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

/** What the backend knows about the reply's studies, references and UIDs. */
async function replyFacts(
  backend: DicomwebBackend,
  context: RequestContext,
  instances: readonly ReplyInstance[],
): Promise<ReplyFacts> {
  const search = async (level: SearchLevel, tag: string, uid: string, includefield: string[]) =>
    (
      await backend.search(
        {
          kind: 'search',
          level,
          filters: [{ path: [tag], value: uid }],
          includefield,
          offset: 0,
          fuzzymatching: false,
        },
        context,
      )
    ).datasets.filter((dataset) => firstString(dataset, tag) === uid);
  const locate = async (uid: string): Promise<InstancePlace | undefined> => {
    const [found] = await search('instances', SOP_INSTANCE, uid, [STUDY, SERIES]);
    const study = found && firstString(found, STUDY);
    const series = found && firstString(found, SERIES);
    return study === undefined || series === undefined ? undefined : { study, series };
  };

  const studies = new Map<string, PatientFacts>();
  for (const uid of new Set(instances.map((i) => i.studyUID))) {
    const [found] = await search('studies', STUDY, uid, PATIENT_TAGS);
    if (found !== undefined) studies.set(uid, patientOf(found));
  }
  const referenced = new Map<string, InstancePlace>();
  for (const uid of new Set(instances.flatMap((i) => i.references))) {
    const place = await locate(uid);
    if (place !== undefined) referenced.set(uid, place);
  }
  const existingInstances = new Set<string>();
  for (const { sopInstanceUID } of instances) {
    if ((await locate(sopInstanceUID)) !== undefined) existingInstances.add(sopInstanceUID);
  }
  const existingSeries = new Set<string>();
  for (const uid of new Set(instances.map((i) => i.seriesUID))) {
    if ((await search('series', SERIES, uid, [SERIES])).length > 0) existingSeries.add(uid);
  }
  return { studies, referenced, existingInstances, existingSeries };
}

function searchContext(context: RequestContext): RequestContext {
  return { accept: 'application/dicom+json', publicBase: context.publicBase, signal: context.signal };
}

/** One row per series of the reply and one audit record, together. */
async function recordReply(
  app: FastifyInstance,
  request: FastifyRequest,
  principal: SharePrincipal,
  instances: readonly ReplyInstance[],
) {
  const share = principal.share;
  const receivedAt = app.clock();
  const groups = new Map<string, ReplyInstance[]>();
  for (const instance of instances) {
    const key = `${instance.studyUID}|${instance.seriesUID}`;
    groups.set(key, [...(groups.get(key) ?? []), instance]);
  }
  await app.store.transaction(async (tx) => {
    for (const group of groups.values()) {
      await tx.shareReplies.record({
        shareId: share.id,
        receivedAt,
        study: group[0]!.studyUID,
        series: group[0]!.seriesUID,
        sopInstanceUIDs: group.map((i) => i.sopInstanceUID),
        sopClassUIDs: group.map((i) => i.sopClassUID),
      });
    }
    await app.audit.record(
      {
        type: 'share.replied',
        outcome: 'success',
        actor: actorOf(principal),
        ip: request.ip,
        shareId: share.id,
        studies: [...new Set(instances.map((i) => i.studyUID))],
        detail: {
          label: share.label ?? null,
          series: [...new Set(instances.map((i) => i.seriesUID))],
          instances: instances.map((i) => i.sopInstanceUID),
        },
      },
      tx,
    );
  });
}
