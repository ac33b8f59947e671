import type { ApiClient } from './apiClient';
import { decodeSharedStudy, type SharedStudy } from './authApi';
import {
  array,
  boolean,
  number,
  object,
  oneOf,
  optionalNumber,
  optionalString,
  optionalTime,
  string,
  stringItem,
  time,
} from './decode';

export const SHARE_STATUSES = ['active', 'expired', 'revoked', 'exhausted', 'locked'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];

/** A share link as its sender (or an admin) sees it; never the token. */
export interface Share {
  id: string;
  label: string | undefined;
  /** The sender's note to the recipient. */
  message: string | undefined;
  senderName: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | undefined;
  /** As the server computed it when the list was fetched; `shareStatus()` keeps it current. */
  status: ShareStatus;
  studies: SharedStudy[];
  seriesScoped: boolean;
  allowDownload: boolean;
  passcodeProtected: boolean;
  maxOpens: number | undefined;
  opens: number;
  lockedUntil: number | undefined;
  /** Wrong passcodes used up the link's budget: locked until its sender unlocks it. */
  passcodeBlocked: boolean;
  passcodeFailures: number;
  lastOpenedAt: number | undefined;
}

export interface NewShare {
  studyInstanceUIDs: string[];
  seriesInstanceUIDs?: string[];
  expiresInSeconds: number;
  passcode?: string;
  maxOpens?: number;
  allowDownload?: boolean;
  label?: string;
  /** Plain text for the recipient, at most 2000 characters. */
  message?: string;
}

/** The answer to creating a share: `url` holds the token and is shown exactly once. */
export interface CreatedShare {
  id: string;
  url: string;
  expiresAt: number;
}

export interface ShareEvent {
  time: number;
  event: string;
  outcome: string;
  ip: string | undefined;
  actor: string | undefined;
  studyInstanceUIDs: string[];
  /** The series a view or a refused request named, from the record's detail. */
  series: string | undefined;
  /** A refusal's code (OUT_OF_SCOPE, DOWNLOAD_NOT_ALLOWED, …), from the record's detail. */
  code: string | undefined;
}

export interface ShareAccess {
  studyInstanceUID: string;
  seriesInstanceUID: string | undefined;
  firstAt: number;
  lastAt: number;
  requests: number;
  ip: string;
}

export interface ShareDetail {
  share: Share;
  history: ShareEvent[];
  access: ShareAccess[];
}

function decodeShare(value: unknown): Share {
  const fields = object(value, 'share');
  return {
    id: string(fields, 'id'),
    label: optionalString(fields, 'label'),
    message: optionalString(fields, 'message'),
    senderName: string(fields, 'senderName'),
    createdAt: time(fields, 'createdAt'),
    expiresAt: time(fields, 'expiresAt'),
    revokedAt: optionalTime(fields, 'revokedAt'),
    status: oneOf(fields, 'status', SHARE_STATUSES),
    studies: array(fields, 'studies', decodeSharedStudy),
    seriesScoped: boolean(fields, 'seriesScoped'),
    allowDownload: boolean(fields, 'allowDownload'),
    passcodeProtected: boolean(fields, 'passcodeProtected'),
    maxOpens: optionalNumber(fields, 'maxOpens'),
    opens: number(fields, 'opens'),
    lockedUntil: optionalTime(fields, 'lockedUntil'),
    passcodeBlocked: boolean(fields, 'passcodeBlocked'),
    passcodeFailures: number(fields, 'passcodeFailures'),
    lastOpenedAt: optionalTime(fields, 'lastOpenedAt'),
  };
}

function decodeEvent(value: unknown): ShareEvent {
  const fields = object(value, 'history entry');
  const detail = object(fields.detail ?? {}, 'history detail');
  return {
    time: time(fields, 'time'),
    event: string(fields, 'event'),
    outcome: string(fields, 'outcome'),
    ip: optionalString(fields, 'ip'),
    actor: optionalString(fields, 'actor'),
    studyInstanceUIDs: array(fields, 'studyInstanceUIDs', stringItem),
    series: typeof detail.series === 'string' ? detail.series : undefined,
    code: typeof detail.code === 'string' ? detail.code : undefined,
  };
}

function decodeAccess(value: unknown): ShareAccess {
  const fields = object(value, 'access entry');
  return {
    studyInstanceUID: string(fields, 'studyInstanceUID'),
    seriesInstanceUID: optionalString(fields, 'seriesInstanceUID'),
    firstAt: time(fields, 'firstAt'),
    lastAt: time(fields, 'lastAt'),
    requests: number(fields, 'requests'),
    ip: string(fields, 'ip'),
  };
}

export async function createShare(client: ApiClient, share: NewShare): Promise<CreatedShare> {
  const fields = object(await client.post('/api/shares', share), 'created share');
  return { id: string(fields, 'id'), url: string(fields, 'url'), expiresAt: time(fields, 'expiresAt') };
}

/** Mine, newest first; `all` (admins only) lists everyone's. */
export async function listShares(client: ApiClient, all: boolean, signal?: AbortSignal): Promise<Share[]> {
  return array(
    object(await client.get(`/api/shares${all ? '?all=1' : ''}`, signal), 'share list'),
    'shares',
    decodeShare,
  );
}

export async function fetchShareDetail(client: ApiClient, id: string, signal?: AbortSignal): Promise<ShareDetail> {
  const fields = object(await client.get(`/api/shares/${encodeURIComponent(id)}`, signal), 'share detail');
  return {
    share: decodeShare(fields.share),
    history: array(fields, 'history', decodeEvent),
    access: array(fields, 'access', decodeAccess),
  };
}

export async function revokeShare(client: ApiClient, id: string): Promise<void> {
  await client.delete(`/api/shares/${encodeURIComponent(id)}`);
}

/** Lifts a lock that wrong passcodes put on the link. */
export async function unlockShare(client: ApiClient, id: string): Promise<Share> {
  return decodeShare(await client.post(`/api/shares/${encodeURIComponent(id)}/unlock`, {}));
}

/** Sets the expiry to now + seconds (shortening works too). */
export async function extendShare(client: ApiClient, id: string, expiresInSeconds: number): Promise<Share> {
  return decodeShare(await client.patch(`/api/shares/${encodeURIComponent(id)}`, { expiresInSeconds }));
}
