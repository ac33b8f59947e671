import type { FastifyRequest } from 'fastify';
import type { PatientLink } from '../store/patientLinks';
import type { PatientSession } from '../store/patientSessions';
import type { Session } from '../store/sessions';
import type { ShareSession } from '../store/shareSessions';
import type { Share, ShareScope } from '../store/shares';
import type { UploadLink } from '../store/uploadLinks';
import type { UploadSession } from '../store/uploadSessions';
import type { Role, User } from '../store/users';

/** Who is asking. Every access decision starts from one of these. */
export type Principal = StaffPrincipal | SharePrincipal | PatientPrincipal | UploadPrincipal | AnonymousPrincipal;

export interface StaffPrincipal {
  kind: 'staff';
  user: User;
  role: Role;
  /** The session that authenticated the request; OIDC-backed sessions fit the same shape. */
  session: Session;
}

export interface SharePrincipal {
  kind: 'share';
  share: Share;
  shareSession: ShareSession;
}

/**
 * A patient under their patient link. `scope` is the session's resolved studies as a share scope
 * (whole studies, no replies), so authorize() applies the share rule to it.
 */
export interface PatientPrincipal {
  kind: 'patient';
  link: PatientLink;
  session: PatientSession;
  scope: ShareScope;
}

/** Whoever holds an upload link: may send studies into quarantine (STOW-RS), and nothing else. */
export interface UploadPrincipal {
  kind: 'upload';
  link: UploadLink;
  session: UploadSession;
}

/**
 * Why a credential that was presented did not count, so the refusal can say so and be audited.
 * `userId` / `shareId` are set when the session was one we issued; without them the credential
 * is unknown (made up, or long gone), and is only counted (audit/auditTally.ts).
 */
export type RejectedCredential =
  | { kind: 'staff-session'; reason: 'SESSION_EXPIRED'; userId?: string }
  | {
      kind: 'share-session';
      reason: 'SESSION_EXPIRED' | 'SHARE_EXPIRED' | 'SHARE_REVOKED';
      shareId: string | undefined;
    }
  | { kind: 'patient-session'; reason: 'SESSION_EXPIRED' | 'LINK_EXPIRED' | 'LINK_REVOKED'; linkId?: string }
  | { kind: 'upload-session'; reason: 'SESSION_EXPIRED' | 'LINK_EXPIRED' | 'LINK_REVOKED'; linkId?: string };

/** A credential we never issued, or whose session is gone: nobody can be named by it. */
export function isUnknownCredential(rejected: RejectedCredential): boolean {
  switch (rejected.kind) {
    case 'staff-session':
      return rejected.userId === undefined;
    case 'share-session':
      return rejected.shareId === undefined;
    case 'patient-session':
    case 'upload-session':
      return rejected.linkId === undefined;
  }
}

export interface AnonymousPrincipal {
  kind: 'anonymous';
  rejected?: RejectedCredential;
}

/**
 * One way of recognising a caller (a session cookie today, an OIDC bearer token later).
 * `undefined`: this resolver saw no credential of its kind, so the next one is asked.
 */
export interface PrincipalResolver {
  resolve(request: FastifyRequest): Promise<Principal | undefined>;
}

/** Asks each resolver in turn; a staff session is tried before a share session. */
export async function resolvePrincipal(
  request: FastifyRequest,
  resolvers: readonly PrincipalResolver[],
): Promise<Principal> {
  let rejected: AnonymousPrincipal | undefined;
  for (const resolver of resolvers) {
    const principal = await resolver.resolve(request);
    if (principal === undefined) continue;
    if (principal.kind !== 'anonymous') return principal;
    rejected ??= principal;
  }
  return rejected ?? { kind: 'anonymous' };
}
