import { Type, type Static } from 'typebox';
import { IsoTime, Nullable } from './jsonTypes';

/**
 * Upload-request links and the quarantine they fill (issue 12): staff make a link (/u/<token>),
 * whoever holds it sends studies by STOW-RS, and staff review what arrived ("Incoming") before it
 * enters the archive. Written once: the gateway validates and serialises with these schemas, and
 * the app checks the answers against them.
 */

/** The shortest upload link the gateway makes, in seconds. */
const MIN_EXPIRY_SECONDS = 60;

/** POST /api/upload-links. */
export const CreateUploadLinkRequest = Type.Object(
  {
    /** What the link is for ("CD from Mrs Smith"): shown to the uploader and in Incoming. */
    label: Type.String({ minLength: 1, maxLength: 200 }),
    expiresInSeconds: Type.Integer({ minimum: MIN_EXPIRY_SECONDS }),
    /** The username of the staff member the uploads are meant for. */
    forwardTo: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CreateUploadLinkRequest = Static<typeof CreateUploadLinkRequest>;

/** The answer to creating an upload link: `url` holds the token and is sent exactly once. */
export const CreatedUploadLink = Type.Object({ id: Type.String(), url: Type.String(), expiresAt: IsoTime });
export type CreatedUploadLink = Static<typeof CreatedUploadLink>;

/** The `:id` of /api/upload-links/:id and /api/uploads/:id (a UUID). */
export const UploadIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
export type UploadIdParams = Static<typeof UploadIdParams>;

export const UploadLinkSummary = Type.Object({
  id: Type.String(),
  label: Type.String(),
  /** The username the uploads are meant for. */
  forwardTo: Nullable(Type.String()),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  revokedAt: Nullable(IsoTime),
  /** Studies received through the link and still waiting in quarantine. */
  uploads: Type.Integer({ minimum: 0 }),
});
export type UploadLinkSummary = Static<typeof UploadLinkSummary>;

/** GET /api/upload-links: mine (admins: everyone's), newest first. */
export const UploadLinkList = Type.Object({ links: Type.Array(UploadLinkSummary) });
export type UploadLinkList = Static<typeof UploadLinkList>;

/** GET /api/upload-session: what the uploader's page may know of the link it opened. */
export const UploadSessionInfo = Type.Object({
  linkId: Type.String(),
  label: Type.String(),
  institution: Nullable(Type.String()),
  expiresAt: IsoTime,
  /** Sent back in X-CSRF-Token with every STOW-RS. */
  csrfToken: Type.String(),
});
export type UploadSessionInfo = Static<typeof UploadSessionInfo>;

const UploadedSeries = Type.Object({
  uid: Type.String(),
  modality: Nullable(Type.String()),
  description: Nullable(Type.String()),
  instances: Type.Integer({ minimum: 0 }),
});

/** One study waiting in quarantine, as staff review it. */
export const UploadSummary = Type.Object({
  id: Type.String(),
  linkId: Type.String(),
  linkLabel: Type.String(),
  forwardTo: Nullable(Type.String()),
  /** The uploader's IP address. */
  uploadedFrom: Type.String(),
  firstReceivedAt: IsoTime,
  lastReceivedAt: IsoTime,
  /** As in the uploaded data; birthDate as YYYYMMDD. */
  patient: Type.Object({
    id: Nullable(Type.String()),
    name: Nullable(Type.String()),
    birthDate: Nullable(Type.String()),
  }),
  study: Type.Object({
    uid: Type.String(),
    date: Nullable(Type.String()),
    description: Nullable(Type.String()),
    modalities: Type.Array(Type.String()),
  }),
  series: Type.Array(UploadedSeries),
  instances: Type.Integer({ minimum: 0 }),
  bytes: Type.Integer({ minimum: 0 }),
  /** What validation tolerated, and missing identity data, as sentences. */
  warnings: Type.Array(Type.String()),
  /** Where the upload disagrees with the archive (same Patient ID, another name; study already there), as sentences. */
  mismatches: Type.Array(Type.String()),
});
export type UploadSummary = Static<typeof UploadSummary>;

/** GET /api/uploads: most recently received first. */
export const UploadList = Type.Object({ uploads: Type.Array(UploadSummary) });
export type UploadList = Static<typeof UploadList>;

/** POST /api/uploads/:id/accept: `patientID` replaces (0010,0020) in every file on its way into the archive. */
export const AcceptUploadRequest = Type.Object(
  {
    // LO in the default repertoire: at most 64 printable ASCII characters, no backslash (the value separator).
    patientID: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[ -\\[\\]-~]+$' })),
  },
  { additionalProperties: false },
);
export type AcceptUploadRequest = Static<typeof AcceptUploadRequest>;

export const AcceptedUpload = Type.Object({ studyInstanceUID: Type.String(), instances: Type.Integer({ minimum: 0 }) });
export type AcceptedUpload = Static<typeof AcceptedUpload>;
