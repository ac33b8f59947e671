import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/actorOf';
import type { SharePrincipal } from '../auth/principal';
import type { ReplyInstance } from './replyPolicy';
import type { UploadRules } from './replyUpload';

/**
 * A link recipient's reply: into the shared studies, referencing only what the share covers; once
 * stored, one row per series with the share (its sender's list of replies) and `share.replied`.
 */
export function shareReplyRules(app: FastifyInstance, request: FastifyRequest, principal: SharePrincipal): UploadRules {
  const share = principal.share;
  return {
    noun: 'A reply',
    request: 'reply',
    scopeOf: () => ({ studies: share.scope.studies, seriesScoped: share.scope.seriesScoped, name: 'this share' }),
    record: (instances) => recordReply(app, request, principal, instances),
  };
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
