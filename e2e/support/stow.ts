import { E2E_ADMIN } from '../../test/support/signIn';
import { formatMultipart, newBoundary } from '../../src/dicomweb/multipart';

/** STOW-RS of one Part 10 file; resolves with the HTTP status and the response text. */
export async function stowOne(
  dicomwebUrl: string,
  file: Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const boundary = newBoundary();
  const body = formatMultipart(boundary, [{ headers: { 'Content-Type': 'application/dicom' }, body: file }]);
  const response = await fetch(`${dicomwebUrl}/studies`, {
    method: 'POST',
    headers: {
      'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
      accept: 'application/dicom+json',
      ...headers,
    },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, text: await response.text() };
}

/** Session cookie and CSRF token of the e2e administrator: what a STOW-RS request needs (docs/api.md). */
export async function writeHeaders(gatewayUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${gatewayUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(E2E_ADMIN),
  });
  const body: unknown = await response.json();
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  const token =
    body && typeof body === 'object' && 'csrfToken' in body && typeof body.csrfToken === 'string'
      ? body.csrfToken
      : undefined;
  if (!response.ok || !cookie || !token) throw new Error(`Sign-in to ${gatewayUrl} failed: HTTP ${response.status}`);
  return { cookie, 'x-csrf-token': token };
}
