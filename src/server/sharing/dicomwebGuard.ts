import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditRefusal } from '../audit/refusalAudit';
import { unauthenticated } from '../auth/authErrors';
import { requireCsrf } from '../auth/guards';
import { isUnknownCredential } from '../auth/principal';
import type { DicomwebBackend } from '../dicomweb/backend';
import type { DicomwebGuard } from '../dicomweb/guard';
import { HttpError } from '../errors';
import { quarantineScreen } from '../quarantine/quarantineScreen';
import type { QuarantineFiles } from '../quarantine/quarantineFiles';
import { authorize } from './authorize';
import { keyedLock } from './keyedLock';
import { recordAccess } from './recordAccess';
import { reportSaveRules } from './reportSave';
import { uploadScreen, type UploadRules } from './replyUpload';
import { shareReplyRules } from './shareReply';

interface GuardOptions {
  /** Asked about a share recipient's reply or a radiologist's report before it is stored. */
  backend: DicomwebBackend;
  /** REPLY_MAX_BYTES */
  replyMaxBytes: number;
  /** Where an upload link's STOW-RS goes instead of the backend. */
  quarantine: QuarantineFiles;
  /** UPLOAD_LINK_MAX_BYTES */
  uploadLinkMaxBytes: number;
}

/**
 * The impure shell around authorize(): reads the request's principal, audits every refusal of a
 * caller it can name at once (repeats within a minute are counted, see audit/auditTally.ts), and
 * counts allowed access. Bare anonymous probes are only logged, and made-up credentials only
 * counted per address (audit/refusalAudit.ts): neither may let anyone grow the trail.
 */
export function dicomwebGuard(
  app: FastifyInstance,
  { backend, replyMaxBytes, quarantine, uploadLinkMaxBytes }: GuardOptions,
): DicomwebGuard {
  // Screened uploads of one study are checked and stored one at a time, so two carrying the same
  // new UIDs cannot both pass the "nothing exists yet" lookups. In this process only: gateways
  // scaled out (docs/design.md "Scale") would need a lock in the shared store, which has none yet.
  const lock = keyedLock();
  const rulesFor = (request: FastifyRequest): UploadRules | undefined => {
    const principal = request.principal;
    if (principal.kind === 'share') return shareReplyRules(app, request, principal);
    if (principal.kind === 'staff' && principal.role === 'radiologist') return reportSaveRules(app, request, principal);
    return undefined; // an administrator's STOW-RS is not screened
  };
  return {
    async admit(request) {
      const principal = request.principal;
      if (principal.kind !== 'anonymous') return;
      if (principal.rejected === undefined) {
        request.log.info({ ip: request.ip }, 'DICOMweb request without credentials refused');
      } else if (!isUnknownCredential(principal.rejected)) {
        await auditRefusal(app, request, {
          status: 401,
          code: principal.rejected.reason,
          reason: 'The credential presented is no longer valid',
          detail: { request: 'unparsed' },
        });
      }
      throw unauthenticated(principal);
    },
    async check(request, parsed) {
      const decision = authorize(request.principal, parsed);
      if (decision.effect === 'deny') {
        const series = parsed.kind === 'store' ? undefined : parsed.series;
        await auditRefusal(app, request, {
          status: decision.status,
          code: decision.code,
          reason: decision.reason,
          studies: parsed.study === undefined ? [] : [parsed.study],
          detail: { request: parsed.kind, series: series ?? null },
        });
        throw new HttpError(decision.status, decision.code, decision.reason);
      }
      // STOW-RS changes the archive: a staff session must prove it is not a cross-site form.
      if (parsed.kind === 'store') await requireCsrf(request);
      await recordAccess(app, request, parsed);
      if (parsed.kind === 'store' && request.principal.kind === 'upload') {
        // authorize() lets an upload link store only; what it sends waits in quarantine for staff review.
        const screen = quarantineScreen(app, request, request.principal, parsed.study, {
          files: quarantine,
          lock,
          maxBytes: uploadLinkMaxBytes,
        });
        return { request: parsed, screen };
      }
      const rules = parsed.kind === 'store' ? rulesFor(request) : undefined;
      if (parsed.kind === 'store' && rules !== undefined) {
        // authorize() let a reply or a radiologist's report through; its body is checked before the backend sees it.
        const screen = uploadScreen(app, request, parsed.study, rules, { backend, maxBytes: replyMaxBytes, lock });
        return { request: parsed, screen };
      }
      if (decision.effect === 'allow') return { request: parsed };
      if (decision.effect === 'allow-narrowed') return { request: decision.request };
      return decision.search === null ? { request: null } : { request: decision.search, filter: decision.filter };
    },
  };
}
