import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/actorOf';
import type { StaffPrincipal } from '../auth/principal';
import type { UploadRules } from './replyUpload';

/**
 * A radiologist's Save: the same rules as a share recipient's reply, with the study the instances
 * name (or the path names) as the scope, every series of it: SR/KOS only, into a study that is
 * stored, references inside it, its patient, new UIDs. Audited as `report.saved`.
 */
export function reportSaveRules(app: FastifyInstance, request: FastifyRequest, principal: StaffPrincipal): UploadRules {
  return {
    noun: 'A saved report',
    request: 'save',
    scopeOf: (instances, pathStudy) => ({
      studies: [...new Set(pathStudy === undefined ? instances.map((i) => i.studyUID) : [pathStudy])].map((study) => ({
        study,
        series: [],
      })),
      seriesScoped: false,
      name: 'the study',
    }),
    record: async (instances) => {
      await app.audit.record({
        type: 'report.saved',
        outcome: 'success',
        actor: actorOf(principal),
        ip: request.ip,
        studies: [...new Set(instances.map((i) => i.studyUID))],
        detail: {
          series: [...new Set(instances.map((i) => i.seriesUID))],
          instances: instances.map((i) => i.sopInstanceUID),
        },
      });
    },
  };
}
