import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorBody, NoContent } from '../../api/jsonTypes';
import {
  PatientCodeRequest,
  PatientLinkLocked,
  PatientSession,
  PatientVerified,
  type PatientVerifyRequest,
} from '../../api/patients';
import { countUnknownCredential } from '../audit/refusalAudit';
import { noSessionOf } from '../auth/authErrors';
import { requireCsrf } from '../auth/guards';
import { reserveLoginAttempt } from '../auth/loginThrottle';
import type { DicomwebBackend } from '../dicomweb/backend';
import { clearCookie, setCookie } from '../security/cookies';
import { formatTime } from '../security/htmlPage';
import { isSameOrigin } from '../security/origin';
import { looksLikeToken, sha256Hex } from '../security/tokens';
import type { PatientLink } from '../store/patientLinks';
import type { SharedStudy } from '../store/shares';
import { normaliseAccessCode } from './accessCode';
import { backendContext } from './backendContext';
import {
  accessCodePage,
  birthDatePage,
  patientExpiredPage,
  patientLockedPage,
  patientRevokedPage,
  patientUnknownLinkPage,
} from './patientPages';
import { choiceOf, findPatientStudies, resolvePatientScope } from './patientStudies';
import { sameBirthDate, verifyPatient, type VerifyOutcome } from './patientVerify';
import { refuseLink, tokenParams, wantsJson } from '../security/linkAnswers';

interface PatientLinkOptions {
  backend: DicomwebBackend;
  /** A patient session lasts this long (SHARE_SESSION_SECONDS), and never past its link. */
  sessionMs: number;
  institutionName: string | undefined;
}

/** Where the SPA shows a patient their studies. */
const PATIENT_HOME = '/patient';

const answersBody = {
  type: ['object', 'null'],
  properties: {
    birthDate: { type: 'string', maxLength: 32 },
    birthDateText: { type: 'string', maxLength: 32 },
    passcode: { type: 'string', maxLength: 128 },
  },
} as const;
const codeBody = {
  type: ['object', 'null'],
  properties: { ...PatientCodeRequest.properties, birthDateText: { type: 'string', maxLength: 32 } },
} as const;
const refusals = { '4xx': ApiErrorBody, 423: PatientLinkLocked };

type Answers = PatientVerifyRequest & { birthDateText?: string };

/** The typed box wins over the picker: someone who typed a date meant it. */
const answersOf = (body: Answers | null | undefined) => ({
  birthDate: body?.birthDateText?.trim() || body?.birthDate,
  passcode: body?.passcode,
});

/**
 * What a patient reaches before and around the SPA: /p (access code) and /p/<token> (the link),
 * each a page and a POST that checks the birth date; and /api/patient-session for the SPA. A
 * context of its own with no staff hook; the token never reaches the SPA's address.
 */
export async function patientLinkRoutes(
  app: FastifyInstance,
  { backend, sessionMs, institutionName }: PatientLinkOptions,
) {
  await app.register(fastifyFormbody);

  const linkFor = async (token: string): Promise<PatientLink | undefined> =>
    looksLikeToken(token) ? app.store.patientLinks.byTokenHash(sha256Hex(token)) : undefined;

  const refuseState = (
    request: FastifyRequest,
    reply: FastifyReply,
    link: PatientLink,
    state: 'revoked' | 'expired',
  ) =>
    state === 'revoked'
      ? refuseLink(request, reply, 410, 'LINK_REVOKED', 'This link was withdrawn', patientRevokedPage())
      : refuseLink(
          request,
          reply,
          410,
          'LINK_EXPIRED',
          `This link expired on ${formatTime(link.expiresAt)}`,
          patientExpiredPage(link),
        );
  const refuseLocked = (request: FastifyRequest, reply: FastifyReply, lockedUntil: number) => {
    reply.header('retry-after', String(Math.max(1, Math.ceil((lockedUntil - app.clock()) / 1000))));
    const message = `Too many wrong tries: try again after ${clockTime(lockedUntil)}`;
    if (!wantsJson(request))
      return reply.code(423).type('text/html; charset=utf-8').send(patientLockedPage(lockedUntil));
    return reply.code(423).send({ error: 'LINK_LOCKED', message, lockedUntil: new Date(lockedUntil).toISOString() });
  };
  const toPatientHome = (request: FastifyRequest, reply: FastifyReply) =>
    wantsJson(request)
      ? reply.code(200).send({ redirect: PATIENT_HOME })
      : reply.code(303).header('location', PATIENT_HOME).send();
  const resumes = (request: FastifyRequest, link: PatientLink) =>
    request.principal.kind === 'patient' && request.principal.link.id === link.id;
  const studiesNow = (request: FastifyRequest, link: PatientLink) => async (): Promise<SharedStudy[]> => {
    const context = backendContext(request);
    const facts = await findPatientStudies(backend, context, choiceOf(link));
    return resolvePatientScope(
      backend,
      context,
      facts.filter((f) => sameBirthDate(link, f.birthDate)),
    );
  };
  const verify = (request: FastifyRequest, link: PatientLink, body: Answers | null | undefined) =>
    verifyPatient(app, link, answersOf(body), request.ip, sessionMs, studiesNow(request, link));
  /** Outcomes both doors answer alike. */
  const settled = (request: FastifyRequest, reply: FastifyReply, link: PatientLink, outcome: VerifyOutcome) => {
    switch (outcome.kind) {
      case 'refused':
        return refuseState(request, reply, link, outcome.state);
      case 'locked':
        return refuseLocked(request, reply, outcome.lockedUntil);
      case 'opened':
        setCookie('patient', request, reply, outcome.sessionId, outcome.expiresAt);
        return toPatientHome(request, reply);
      default:
        return undefined;
    }
  };
  const sameOriginOnly = (request: FastifyRequest, reply: FastifyReply) =>
    refuseLink(
      request,
      reply,
      403,
      'CSRF_REFUSED',
      'The request does not come from this site',
      patientUnknownLinkPage(),
    );

  app.get('/p', { schema: { response: { 200: { type: 'string' } } } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(accessCodePage(institutionName)),
  );

  app.post<{ Body: (PatientCodeRequest & { birthDateText?: string }) | null }>(
    '/p',
    { schema: { body: codeBody, response: { 200: PatientVerified, ...refusals } } },
    async (request, reply) => {
      if (!isSameOrigin(request)) return sameOriginOnly(request, reply);
      const typed = request.body?.accessCode ?? '';
      const again = (status: number, code: string, message: string) =>
        refuseLink(request, reply, status, code, message, accessCodePage(institutionName, message, typed));
      // Codes are guessed per address like passwords: the login throttle slows a guesser down.
      const attempt = await reserveLoginAttempt(
        app.store.loginFailures,
        'patient access code',
        request.ip,
        app.clock(),
      );
      if (!attempt.allowed) {
        reply.header('retry-after', String(Math.ceil(attempt.retryAfterMs / 1000)));
        return again(429, 'TOO_MANY_ATTEMPTS', 'Too many tries from here: wait a few minutes and try again');
      }
      const code = normaliseAccessCode(typed);
      const link = code === undefined ? undefined : await app.store.patientLinks.byAccessCodeHash(sha256Hex(code));
      if (link === undefined) {
        await countUnknownCredential(app, request, 'patient-link');
        return again(401, 'ACCESS_CODE_UNKNOWN', 'That access code or birth date is not right');
      }
      // A real code is no failed guess of one; its wrong answers count against the link instead.
      await app.store.loginFailures.withdraw(attempt.reservation.ids);
      const outcome = await verify(request, link, request.body);
      if (outcome.kind === 'incomplete') return again(400, 'ANSWER_REQUIRED', outcome.problem ?? missingAnswer(link));
      // The same words as an unknown code: a wrong date does not confirm that the code exists.
      if (outcome.kind === 'wrong')
        return again(401, 'ACCESS_CODE_UNKNOWN', 'That access code or birth date is not right');
      return settled(request, reply, link, outcome);
    },
  );

  app.get<{ Params: { token: string } }>(
    '/p/:token',
    { schema: { params: tokenParams, response: { 200: { type: 'string' }, ...refusals } } },
    async (request, reply) => {
      const link = await linkFor(request.params.token);
      if (link === undefined) {
        await countUnknownCredential(app, request, 'patient-link');
        return refuseLink(request, reply, 404, 'LINK_NOT_FOUND', 'This link is not valid', patientUnknownLinkPage());
      }
      if (resumes(request, link)) return reply.code(303).header('location', PATIENT_HOME).send();
      const now = app.clock();
      if (link.revokedAt !== undefined) return refuseState(request, reply, link, 'revoked');
      if (now >= link.expiresAt) return refuseState(request, reply, link, 'expired');
      if (link.lockedUntil !== undefined && link.lockedUntil > now)
        return refuseLocked(request, reply, link.lockedUntil);
      return reply.type('text/html; charset=utf-8').send(birthDatePage(link, request.params.token, institutionName));
    },
  );

  app.post<{ Params: { token: string }; Body: Answers | null }>(
    '/p/:token',
    { schema: { params: tokenParams, body: answersBody, response: { 200: PatientVerified, ...refusals } } },
    async (request, reply) => {
      if (!isSameOrigin(request)) return sameOriginOnly(request, reply);
      const { token } = request.params;
      const link = await linkFor(token);
      if (link === undefined) {
        await countUnknownCredential(app, request, 'patient-link');
        return refuseLink(request, reply, 404, 'LINK_NOT_FOUND', 'This link is not valid', patientUnknownLinkPage());
      }
      if (resumes(request, link)) return toPatientHome(request, reply);
      const outcome = await verify(request, link, request.body);
      const again = (status: number, code: string, message: string) =>
        refuseLink(request, reply, status, code, message, birthDatePage(link, token, institutionName, message));
      if (outcome.kind === 'incomplete') return again(400, 'ANSWER_REQUIRED', outcome.problem ?? missingAnswer(link));
      if (outcome.kind === 'wrong') {
        const what =
          link.birthDateHash === undefined
            ? 'passcode'
            : link.passcodeHash === undefined
              ? 'date of birth'
              : 'date of birth or passcode';
        const tries = outcome.triesLeft === 1 ? '1 try' : `${outcome.triesLeft} tries`;
        return again(
          401,
          'WRONG_ANSWER',
          `That ${what} is not right. ${tries} left before the link locks for 15 minutes.`,
        );
      }
      return settled(request, reply, link, outcome);
    },
  );

  app.get(
    '/api/patient-session',
    { schema: { response: { 200: PatientSession, 401: ApiErrorBody } } },
    async (request) => {
      const principal = request.principal;
      if (principal.kind !== 'patient') throw noSessionOf('patient-session', principal);
      const { link, session } = principal;
      // A Patient ID link grows as studies arrive: resolved again here, kept in the session row.
      let studies = session.studies;
      try {
        studies = await studiesNow(request, link)();
        await app.store.patientSessions.setStudies(session.idHash, studies);
      } catch (error) {
        request.log.warn({ err: error }, 'patient studies not resolved again; the session keeps its list');
      }
      return {
        linkId: link.id,
        patientName: link.patientName,
        expiresAt: new Date(link.expiresAt).toISOString(),
        sessionExpiresAt: new Date(session.expiresAt).toISOString(),
        allowDownload: link.allowDownload,
        institution: institutionName ?? null,
        csrfToken: session.csrfToken,
        studies: studies.map((s) => s.study),
      };
    },
  );

  app.delete(
    '/api/patient-session',
    { onRequest: requireCsrf, schema: { response: { 204: NoContent, 403: ApiErrorBody } } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind === 'patient') await app.store.patientSessions.delete(principal.session.idHash);
      clearCookie('patient', request, reply);
      return reply.code(204).send();
    },
  );
}

const missingAnswer = (link: PatientLink) =>
  link.birthDateHash === undefined
    ? 'Enter the passcode from your letter.'
    : link.passcodeHash === undefined
      ? 'Enter your date of birth.'
      : 'Enter your date of birth and the passcode from your letter.';

/** "14:35 UTC": when a lock ends, said the way people say a time. */
function clockTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
