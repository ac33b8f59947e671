import { stowRequest } from '../../dicomweb/stow';
import { stowOutcome, type FileOutcome } from './stowOutcome';

/** Where an upload link's files go: the gateway's STOW-RS, whatever the app reads images from. */
const STOW_URL = '/dicomweb/studies';

/**
 * Sends one Part 10 file as its own STOW-RS request. XMLHttpRequest, not fetch: only it reports
 * how much of a request body has been sent (fetch has no upload progress in today's browsers).
 */
export function stowFile(
  bytes: Uint8Array,
  csrfToken: string | undefined,
  onProgress: (fraction: number) => void,
): Promise<FileOutcome> {
  const boundary = `secondread-${crypto.randomUUID()}`;
  const { contentType, body } = stowRequest([bytes], boundary);
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', STOW_URL);
    request.setRequestHeader('Content-Type', contentType);
    request.setRequestHeader('Accept', 'application/dicom+json');
    if (csrfToken !== undefined) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => resolve(stowOutcome(request.status, request.responseText));
    request.onerror = () => resolve(stowOutcome(0, ''));
    request.send(body as Uint8Array<ArrayBuffer>);
  });
}
