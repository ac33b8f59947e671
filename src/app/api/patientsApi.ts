import * as wire from '../../api/patients';
import { CreatedShare as CreatedShareJson } from '../../api/shares';
import type { ApiClient } from './apiClient';
import { decode, decoded, type Decoded } from './decode';
import type { CreatedShare } from './sharesApi';

/** What staff ask for (POST /api/patient-links): a Patient ID's studies, or chosen ones. */
type NewPatientLink = wire.CreatePatientLinkRequest;

/** The answer to creating a patient link: `url` and `accessCode` are shown this once. */
export type CreatedPatientLink = Decoded<wire.CreatedPatientLink, 'expiresAt'>;

/** A patient link as staff see it later: never the token nor the access code. */
export type PatientLink = Decoded<
  wire.PatientLinkSummary,
  'createdAt' | 'expiresAt' | 'revokedAt' | 'lockedUntil' | 'lastOpenedAt'
>;

/** A link the patient made for a doctor (POST /api/patient/shares). */
type NewForward = wire.CreatePatientShareRequest;

/** A link the patient made for a doctor, as the patient sees it later. */
export type Forward = Decoded<
  wire.PatientShareSummary,
  'createdAt' | 'expiresAt' | 'revokedAt' | 'lastOpenedAt' | 'lastReplyAt'
>;

export async function createPatientLink(client: ApiClient, link: NewPatientLink): Promise<CreatedPatientLink> {
  const json = decode(wire.CreatedPatientLink, await client.post('/api/patient-links', link), 'created patient link');
  return decoded(json, ['expiresAt']);
}

/** The signed-in staff member's links (an admin's: everyone's), newest first. */
export async function listPatientLinks(client: ApiClient, signal?: AbortSignal): Promise<PatientLink[]> {
  const list = decode(wire.PatientLinkList, await client.get('/api/patient-links', signal), 'patient link list');
  return list.links.map((link) =>
    decoded(link, ['createdAt', 'expiresAt', 'revokedAt', 'lockedUntil', 'lastOpenedAt']),
  );
}

/** Ends the link and every link the patient forwarded from it. */
export async function revokePatientLink(client: ApiClient, id: string): Promise<void> {
  await client.delete(`/api/patient-links/${encodeURIComponent(id)}`);
}

export async function createForward(client: ApiClient, forward: NewForward): Promise<CreatedShare> {
  const json = decode(CreatedShareJson, await client.post('/api/patient/shares', forward), 'created link');
  return decoded(json, ['expiresAt']);
}

export async function listForwards(client: ApiClient, signal?: AbortSignal): Promise<Forward[]> {
  const list = decode(wire.PatientShareList, await client.get('/api/patient/shares', signal), 'list of your links');
  return list.shares.map((share) =>
    decoded(share, ['createdAt', 'expiresAt', 'revokedAt', 'lastOpenedAt', 'lastReplyAt']),
  );
}

export async function revokeForward(client: ApiClient, id: string): Promise<void> {
  await client.delete(`/api/patient/shares/${encodeURIComponent(id)}`);
}
