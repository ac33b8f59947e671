import { Type, type Static } from 'typebox';
import { IsoTime, Nullable } from './jsonTypes';

/**
 * Patient access links (/api/patient-links*, staff), the patient's own session
 * (/api/patient-session) and the links a patient forwards to a doctor (/api/patient/shares*),
 * written once for the gateway's schemas and the app's checks. Times are ISO strings; absent
 * values are null.
 */

const Uid = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 });

/** The `:id` of a patient link or a forwarded share (a UUID). */
export const PatientLinkIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
export type PatientLinkIdParams = Static<typeof PatientLinkIdParams>;

/** POST /api/patient-links: exactly one of patientID and studyInstanceUIDs. */
export const CreatePatientLinkRequest = Type.Object(
  {
    /** Every study of this Patient ID, matched exactly (`*` and `?` are characters here, not wildcards). */
    patientID: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    studyInstanceUIDs: Type.Optional(Type.Array(Uid, { minItems: 1, maxItems: 50, uniqueItems: true })),
    /** Default 90 days; at most PATIENT_LINK_MAX_DAYS. */
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60 })),
    /** A patient's right to a copy: on unless the sender turns it off. */
    allowDownload: Type.Optional(Type.Boolean()),
    /** Asked as well as the birth date; required when the studies have no (single) birth date. */
    passcode: Type.Optional(Type.String({ minLength: 6, maxLength: 128 })),
  },
  { additionalProperties: false },
);
export type CreatePatientLinkRequest = Static<typeof CreatePatientLinkRequest>;

/** The answer to creating a patient link: `url` and `accessCode` are sent exactly once, here. */
export const CreatedPatientLink = Type.Object({
  id: Type.String(),
  /** Absolute /p/<token>. */
  url: Type.String(),
  /** 12 characters in groups of four, e.g. K7F4-92QM-X3TR, typed at `accessUrl`. */
  accessCode: Type.String(),
  expiresAt: IsoTime,
  patientName: Type.String(),
  studyCount: Type.Integer(),
  /** Absolute /p. */
  accessUrl: Type.String(),
  /** INSTITUTION_NAME, the handout's letterhead. */
  institution: Nullable(Type.String()),
});
export type CreatedPatientLink = Static<typeof CreatedPatientLink>;

/** A patient link as its creator or an admin sees it: never the token, code or hashes. */
export const PatientLinkSummary = Type.Object({
  id: Type.String(),
  patientName: Type.String(),
  /** Null for a link to chosen studies. */
  patientID: Nullable(Type.String()),
  /** Chosen studies: their number; a Patient ID link: null (it grows as studies arrive). */
  studyCount: Nullable(Type.Integer()),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  revokedAt: Nullable(IsoTime),
  allowDownload: Type.Boolean(),
  hasPasscode: Type.Boolean(),
  /** Set while wrong answers keep the link locked. */
  lockedUntil: Nullable(IsoTime),
  lastOpenedAt: Nullable(IsoTime),
  /** Links the patient sent to doctors from it. */
  forwards: Type.Integer(),
});
export type PatientLinkSummary = Static<typeof PatientLinkSummary>;

export const PatientLinkList = Type.Object({ links: Type.Array(PatientLinkSummary) });
export type PatientLinkList = Static<typeof PatientLinkList>;

/** GET /api/patient-session: what the patient's browser may know of its session. */
export const PatientSession = Type.Object({
  linkId: Type.String(),
  patientName: Type.String(),
  expiresAt: IsoTime,
  sessionExpiresAt: IsoTime,
  allowDownload: Type.Boolean(),
  institution: Nullable(Type.String()),
  /** Sent as X-CSRF-Token on every POST and DELETE of the session. */
  csrfToken: Type.String(),
  /** Study Instance UIDs, as resolved for this answer. */
  studies: Type.Array(Type.String()),
});
export type PatientSession = Static<typeof PatientSession>;

/** POST /p/<token> (form or JSON): the birth date as YYYY-MM-DD, and the passcode when the link has one. */
export const PatientVerifyRequest = Type.Object({
  birthDate: Type.Optional(Type.String({ maxLength: 32 })),
  passcode: Type.Optional(Type.String({ maxLength: 128 })),
});
export type PatientVerifyRequest = Static<typeof PatientVerifyRequest>;

/** POST /p: the access code from the handout, and the same answers. */
export const PatientCodeRequest = Type.Object({
  accessCode: Type.Optional(Type.String({ maxLength: 64 })),
  birthDate: Type.Optional(Type.String({ maxLength: 32 })),
  passcode: Type.Optional(Type.String({ maxLength: 128 })),
});
export type PatientCodeRequest = Static<typeof PatientCodeRequest>;

/** A right answer to a JSON caller: where the SPA continues. */
export const PatientVerified = Type.Object({ redirect: Type.String() });
export type PatientVerified = Static<typeof PatientVerified>;

/** 423 while wrong answers keep the link locked. */
export const PatientLinkLocked = Type.Object({ error: Type.String(), message: Type.String(), lockedUntil: IsoTime });
export type PatientLinkLocked = Static<typeof PatientLinkLocked>;

/** POST /api/patient/shares: a link for a doctor to some of the patient's studies. */
export const CreatePatientShareRequest = Type.Object(
  {
    studyInstanceUIDs: Type.Array(Uid, { minItems: 1, maxItems: 50, uniqueItems: true }),
    /** Must end no later than the patient's own link. */
    expiresInSeconds: Type.Integer({ minimum: 60 }),
    passcode: Type.Optional(Type.String({ minLength: 6, maxLength: 128 })),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    /** Who it is for, as the patient names them (shown in their list). */
    recipient: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CreatePatientShareRequest = Static<typeof CreatePatientShareRequest>;

/** A link the patient made, as their list shows it. */
export const PatientShareSummary = Type.Object({
  id: Type.String(),
  /** The recipient as the patient named them. */
  label: Nullable(Type.String()),
  studies: Type.Array(Type.String()),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  revokedAt: Nullable(IsoTime),
  opens: Type.Integer(),
  lastOpenedAt: Nullable(IsoTime),
  lastReplyAt: Nullable(IsoTime),
});
export type PatientShareSummary = Static<typeof PatientShareSummary>;

export const PatientShareList = Type.Object({ shares: Type.Array(PatientShareSummary) });
export type PatientShareList = Static<typeof PatientShareList>;
