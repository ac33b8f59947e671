import { Type, type Static } from 'typebox';
import { IsoTime, Nullable } from './jsonTypes';
import { SharedStudy } from './shares';

/** GET /api/share-session: what a link recipient's browser may see of the share it opened. */
export const ShareSession = Type.Object({
  shareId: Type.String(),
  senderName: Type.String(),
  label: Nullable(Type.String()),
  /** The sender's note or clinical question: plain text, shown as text. */
  message: Nullable(Type.String()),
  /** The senders' institution (a gateway setting), shown next to their name. */
  institution: Nullable(Type.String()),
  expiresAt: IsoTime,
  sessionExpiresAt: IsoTime,
  studies: Type.Array(SharedStudy),
  seriesScoped: Type.Boolean(),
  allowDownload: Type.Boolean(),
  /** The recipient may store an SR/KOS reply (STOW-RS) into the shared studies. */
  allowReply: Type.Boolean(),
});
export type ShareSession = Static<typeof ShareSession>;
