import * as wire from '../../api/shares';
import type { ApiClient } from './apiClient';
import { decode, decoded, type Decoded } from './decode';

export type { ShareStatus } from '../../api/shares';

/** What the sender asks for (POST /api/shares). */
export type NewShare = wire.CreateShareRequest;

/** A share link as its sender (or an admin) sees it; never the token. `status` is as the server
 * computed it when the answer was made; `shareStatus()` keeps it current. */
export type Share = Decoded<
  wire.ShareSummary,
  'createdAt' | 'expiresAt' | 'revokedAt' | 'lockedUntil' | 'lastOpenedAt' | 'lastReplyAt'
>;

/** The answer to creating a share: `url` holds the token and is shown exactly once. */
export type CreatedShare = Decoded<wire.CreatedShare, 'expiresAt'>;

export type ShareEvent = Omit<Decoded<wire.ShareEvent, 'time'>, 'detail'> & {
  /** The series a view or a refused request named, from the record's detail. */
  series: string | undefined;
  /** A refusal's code (OUT_OF_SCOPE, DOWNLOAD_NOT_ALLOWED, …), from the record's detail. */
  code: string | undefined;
};

export type ShareAccess = Decoded<wire.ShareAccess, 'firstAt' | 'lastAt'>;

/** SR/KOS instances of one series the recipient stored into a shared study; `receivedAt` in epoch ms. */
export type ShareReply = Decoded<wire.ShareReply, 'receivedAt'>;

export interface ShareDetail {
  share: Share;
  history: ShareEvent[];
  access: ShareAccess[];
  /** In the order they were received. */
  replies: ShareReply[];
}

const toShare = (json: wire.ShareSummary): Share =>
  decoded(json, ['createdAt', 'expiresAt', 'revokedAt', 'lockedUntil', 'lastOpenedAt', 'lastReplyAt']);

function toEvent({ detail, ...json }: wire.ShareEvent): ShareEvent {
  // Detail keys differ by event: a share.created record's `series` is a list, not the one series viewed.
  const { series, code } = detail as Record<string, unknown>;
  return {
    ...decoded(json, ['time']),
    series: typeof series === 'string' ? series : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
}

export async function createShare(client: ApiClient, share: NewShare): Promise<CreatedShare> {
  return decoded(decode(wire.CreatedShare, await client.post('/api/shares', share), 'created share'), ['expiresAt']);
}

/** Mine, newest first; `all` (admins only) lists everyone's. */
export async function listShares(client: ApiClient, all: boolean, signal?: AbortSignal): Promise<Share[]> {
  const list = decode(wire.ShareList, await client.get(`/api/shares${all ? '?all=1' : ''}`, signal), 'share list');
  return list.shares.map(toShare);
}

export async function fetchShareDetail(client: ApiClient, id: string, signal?: AbortSignal): Promise<ShareDetail> {
  const json = decode(
    wire.ShareDetail,
    await client.get(`/api/shares/${encodeURIComponent(id)}`, signal),
    'share detail',
  );
  return {
    share: toShare(json.share),
    history: json.history.map(toEvent),
    access: json.access.map((access) => decoded(access, ['firstAt', 'lastAt'])),
    replies: json.replies.map((reply) => decoded(reply, ['receivedAt'])),
  };
}

export async function revokeShare(client: ApiClient, id: string): Promise<void> {
  await client.delete(`/api/shares/${encodeURIComponent(id)}`);
}

/** Lifts a lock that wrong passcodes put on the link. */
export async function unlockShare(client: ApiClient, id: string): Promise<Share> {
  return toShare(
    decode(wire.ShareSummary, await client.post(`/api/shares/${encodeURIComponent(id)}/unlock`, {}), 'share'),
  );
}

/** Sets the expiry to now + seconds (shortening works too). */
export async function extendShare(client: ApiClient, id: string, expiresInSeconds: number): Promise<Share> {
  const body: wire.ExtendShareRequest = { expiresInSeconds };
  return toShare(decode(wire.ShareSummary, await client.patch(`/api/shares/${encodeURIComponent(id)}`, body), 'share'));
}
