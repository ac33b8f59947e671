import { Type, type Static } from 'typebox';
import { IsoTime, Nullable, StringEnum } from './jsonTypes';

/**
 * The senders' share API (/api/shares*), written once: the gateway validates requests and
 * serialises answers with these schemas, and the app checks the answers against them. Times are
 * ISO strings and absent values are null, as on the wire; the app turns them into its own model.
 */

/** A DICOM UID as a request may name it: digits in dot-separated groups, at most 64 characters. */
const Uid = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 });

/** The shortest link the gateway makes, in seconds. */
const MIN_EXPIRY_SECONDS = 60;

/** POST /api/shares. */
export const CreateShareRequest = Type.Object(
  {
    studyInstanceUIDs: Type.Array(Uid, { minItems: 1, maxItems: 50, uniqueItems: true }),
    seriesInstanceUIDs: Type.Optional(Type.Array(Uid, { minItems: 1, maxItems: 1000, uniqueItems: true })),
    expiresInSeconds: Type.Integer({ minimum: MIN_EXPIRY_SECONDS }),
    passcode: Type.Optional(Type.String({ minLength: 6, maxLength: 128 })),
    maxOpens: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    allowDownload: Type.Optional(Type.Boolean()),
    /** The recipient may store SR/KOS replies into the shared studies (default false). */
    allowReply: Type.Optional(Type.Boolean()),
    label: Type.Optional(Type.String({ maxLength: 200 })),
    /** Plain text for the recipient. */
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type CreateShareRequest = Static<typeof CreateShareRequest>;

/** The answer to creating a share: `url` holds the token and is sent exactly once. */
export const CreatedShare = Type.Object({ id: Type.String(), url: Type.String(), expiresAt: IsoTime });
export type CreatedShare = Static<typeof CreatedShare>;

/** GET /api/shares: mine, or with `all` (admins only) everyone's. */
export const ShareListQuery = Type.Object(
  { all: Type.Optional(StringEnum(['0', '1', 'true', 'false'])) },
  { additionalProperties: false },
);
export type ShareListQuery = Static<typeof ShareListQuery>;

/** The `:id` of /api/shares/:id (a UUID). */
export const ShareIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
export type ShareIdParams = Static<typeof ShareIdParams>;

/** PATCH /api/shares/:id: the expiry becomes now + seconds (shortening works too). */
export const ExtendShareRequest = Type.Object(
  { expiresInSeconds: Type.Integer({ minimum: MIN_EXPIRY_SECONDS }) },
  { additionalProperties: false },
);
export type ExtendShareRequest = Static<typeof ExtendShareRequest>;

/** Where a link stands when the answer was made. */
export const ShareStatus = StringEnum(['active', 'revoked', 'expired', 'exhausted', 'locked']);
export type ShareStatus = Static<typeof ShareStatus>;

/** One shared study and the series of it the link covers. */
export const SharedStudy = Type.Object({
  studyInstanceUID: Type.String(),
  seriesInstanceUIDs: Type.Array(Type.String()),
});
export type SharedStudy = Static<typeof SharedStudy>;

/** A share as its sender or an admin sees it: never the token or the passcode's hash. */
export const ShareSummary = Type.Object({
  id: Type.String(),
  label: Nullable(Type.String()),
  message: Nullable(Type.String()),
  senderName: Type.String(),
  createdBy: Type.String(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  revokedAt: Nullable(IsoTime),
  status: ShareStatus,
  studies: Type.Array(SharedStudy),
  seriesScoped: Type.Boolean(),
  allowDownload: Type.Boolean(),
  allowReply: Type.Boolean(),
  /** SR/KOS replies the recipient stored (one per series of one upload). */
  replyCount: Type.Integer(),
  /** When the latest of them arrived; null before the first. */
  lastReplyAt: Nullable(IsoTime),
  passcodeProtected: Type.Boolean(),
  maxOpens: Nullable(Type.Integer()),
  opens: Type.Integer(),
  lockedUntil: Nullable(IsoTime),
  /** Wrong passcodes used up the link's budget: locked until its sender unlocks it. */
  passcodeBlocked: Type.Boolean(),
  passcodeFailures: Type.Integer(),
  lastOpenedAt: Nullable(IsoTime),
});
export type ShareSummary = Static<typeof ShareSummary>;

/** The answer to GET /api/shares. */
export const ShareList = Type.Object({ shares: Type.Array(ShareSummary) });
export type ShareList = Static<typeof ShareList>;

/** One audit record that names the share: opens, refusals, passcode failures, first views. */
export const ShareEvent = Type.Object({
  time: IsoTime,
  event: Type.String(),
  outcome: Type.String(),
  ip: Nullable(Type.String()),
  actor: Nullable(Type.String()),
  studyInstanceUIDs: Type.Array(Type.String()),
  /** The record's detail as audited; its keys differ from one event to the next. */
  detail: Type.Object({}, { additionalProperties: true }),
});
export type ShareEvent = Static<typeof ShareEvent>;

/** What one recipient session fetched of one study (or series), and when. */
export const ShareAccess = Type.Object({
  studyInstanceUID: Type.String(),
  seriesInstanceUID: Nullable(Type.String()),
  firstAt: IsoTime,
  lastAt: IsoTime,
  requests: Type.Integer(),
  ip: Type.String(),
});
export type ShareAccess = Static<typeof ShareAccess>;

/** SR/KOS instances of one series that the recipient stored into a shared study, in one upload. */
export const ShareReply = Type.Object({
  receivedAt: IsoTime,
  studyInstanceUID: Type.String(),
  seriesInstanceUID: Type.String(),
  sopInstanceUIDs: Type.Array(Type.String()),
  sopClassUIDs: Type.Array(Type.String()),
});
export type ShareReply = Static<typeof ShareReply>;

/** The answer to GET /api/shares/:id. */
export const ShareDetail = Type.Object({
  share: ShareSummary,
  history: Type.Array(ShareEvent),
  access: Type.Array(ShareAccess),
  /** In the order they were received. */
  replies: Type.Array(ShareReply),
});
export type ShareDetail = Static<typeof ShareDetail>;
