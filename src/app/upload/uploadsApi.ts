import * as wire from '../../api/uploads';
import type { ApiClient } from '../api/apiClient';
import { decode, decoded, type Decoded } from '../api/decode';

/** An upload link as staff see it; never the token. Times in epoch ms. */
export type UploadLink = Decoded<wire.UploadLinkSummary, 'createdAt' | 'expiresAt' | 'revokedAt'>;

/** The answer to creating an upload link: `url` holds the token and is shown exactly once. */
export type CreatedUploadLink = Decoded<wire.CreatedUploadLink, 'expiresAt'>;

/** A study received through an upload link, waiting in quarantine for a staff member's review. */
export type Upload = Decoded<wire.UploadSummary, 'firstReceivedAt' | 'lastReceivedAt'>;

export async function createUploadLink(
  client: ApiClient,
  link: wire.CreateUploadLinkRequest,
): Promise<CreatedUploadLink> {
  const json = decode(wire.CreatedUploadLink, await client.post('/api/upload-links', link), 'created upload link');
  return decoded(json, ['expiresAt']);
}

export async function listUploadLinks(client: ApiClient, signal?: AbortSignal): Promise<UploadLink[]> {
  const list = decode(wire.UploadLinkList, await client.get('/api/upload-links', signal), 'upload link list');
  return list.links.map((link) => decoded(link, ['createdAt', 'expiresAt', 'revokedAt']));
}

export async function revokeUploadLink(client: ApiClient, id: string): Promise<void> {
  await client.delete(`/api/upload-links/${encodeURIComponent(id)}`);
}

export async function listUploads(client: ApiClient, signal?: AbortSignal): Promise<Upload[]> {
  const list = decode(wire.UploadList, await client.get('/api/uploads', signal), 'upload list');
  return list.uploads.map((upload) => decoded(upload, ['firstReceivedAt', 'lastReceivedAt']));
}

/** Moves the upload's files into the archive, with their Patient ID rewritten when `patientID` is given. */
export async function acceptUpload(client: ApiClient, id: string, patientID?: string): Promise<wire.AcceptedUpload> {
  const body: wire.AcceptUploadRequest = patientID === undefined ? {} : { patientID };
  const json = await client.post(`/api/uploads/${encodeURIComponent(id)}/accept`, body);
  return decode(wire.AcceptedUpload, json, 'accepted upload');
}

/** Deletes the upload's files and rows. */
export async function rejectUpload(client: ApiClient, id: string): Promise<void> {
  await client.delete(`/api/uploads/${encodeURIComponent(id)}`);
}
