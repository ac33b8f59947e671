import type { CreatedPatientLink } from '../api/patientsApi';

/** A link just made, with what the handout needs to say about how the patient proves who they are. */
interface HandoutLink {
  link: CreatedPatientLink;
  /** Staff set a passcode: the patient is asked for it as well as (or instead of) a birth date. */
  passcode: boolean;
}

/**
 * Links made in this page's lifetime, by id. The token and access code exist only in the create
 * answer (the gateway keeps their hashes), so they live in memory here and nowhere else: a reload
 * forgets them, and the handout cannot be reprinted from the list.
 */
const created = new Map<string, HandoutLink>();

export function rememberCreated(handout: HandoutLink): void {
  created.set(handout.link.id, handout);
}

export function createdLink(id: string): HandoutLink | undefined {
  return created.get(id);
}
