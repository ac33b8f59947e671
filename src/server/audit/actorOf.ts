import type { Principal } from '../auth/principal';
import type { AuditActor } from './auditEvent';

/** The audit actor for a principal. Recipients are named by share and session, never by token. */
export function actorOf(principal: Principal): AuditActor {
  switch (principal.kind) {
    case 'staff':
      return { kind: 'staff', id: principal.user.id, name: principal.user.username };
    case 'share':
      return {
        kind: 'share',
        id: `${principal.share.id}/${principal.shareSession.idHash.slice(0, 12)}`,
        name: `recipient of a link from ${principal.share.senderName}`,
      };
    case 'patient':
      return patientActor(principal.link.id);
    case 'upload':
      return { kind: 'upload', id: principal.link.id, name: principal.link.label };
    case 'anonymous':
      return { kind: 'anonymous' };
  }
}

/** A patient, named by their link (an id prefix for people reading the trail), never by name. */
export const patientActor = (linkId: string): AuditActor => ({
  kind: 'patient',
  id: linkId,
  name: `patient link ${linkId.slice(0, 8)}`,
});
