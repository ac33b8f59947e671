import { formatTime, html, renderPage } from '../security/htmlPage';
import type { UploadLink } from '../store/uploadLinks';

/**
 * The pages a holder of an upload link sees when it no longer opens. An unknown token gets a page
 * that says nothing about any link.
 */
export function unknownUploadLinkPage(): string {
  return renderPage(
    'Link not valid',
    html`<h1>This upload link is not valid</h1><p>Check that you copied the whole link, or ask the hospital for a new one.</p>`,
  );
}

export function revokedUploadLinkPage(link: UploadLink): string {
  return renderPage(
    'Link withdrawn',
    html`<h1>This upload link was withdrawn</h1><p>“${link.label}” no longer takes images. Ask the hospital for a new link if you still need to send them.</p>`,
  );
}

export function expiredUploadLinkPage(link: UploadLink): string {
  return renderPage(
    'Link expired',
    html`<h1>This upload link has expired</h1><p>“${link.label}” took images until ${formatTime(link.expiresAt)}. Ask the hospital for a new link.</p>`,
  );
}
