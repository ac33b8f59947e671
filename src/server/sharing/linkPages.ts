import { formatTime, html, renderPage, type Html } from '../security/htmlPage';
import type { Share } from '../store/shares';

/**
 * The pages a link recipient sees. The sender's name appears only once the token matched a
 * share; an unknown token gets a page that says nothing about any share.
 */
export function unknownLinkPage(): string {
  return renderPage(
    'Link not valid',
    html`<h1>This link is not valid</h1><p>Check that you copied the whole link, or ask the sender for a new one.</p>`,
  );
}

/**
 * The answer to a link followed from another site (a mail client, a chat): the share cookie is
 * SameSite=Strict, so that request came without it. This page loads the same address again from
 * this site, with the cookie, so a browser that still holds a viewing session of the link goes
 * straight back to the viewer. It names nothing, whatever the token.
 */
export function sameSiteHopPage(): string {
  return renderPage(
    'Opening the link',
    html`<h1>Opening the link…</h1><p>If nothing happens, <a href="">continue</a>.</p>`,
  );
}

export function revokedPage(share: Share): string {
  return renderPage(
    'Link withdrawn',
    html`<h1>This link was withdrawn</h1><p>${share.senderName} has withdrawn access. Ask them for a new link if you still need the images.</p>`,
  );
}

export function expiredPage(share: Share): string {
  return renderPage(
    'Link expired',
    html`<h1>This link has expired</h1><p>The link from ${share.senderName} expired on ${formatTime(share.expiresAt)}. Ask them for a new one.</p>`,
  );
}

export function exhaustedPage(share: Share): string {
  return renderPage(
    'Link used up',
    html`<h1>This link has been used up</h1><p>The link from ${share.senderName} could be opened ${share.maxOpens ?? 0} times, and it has been. Ask them for a new one.</p>`,
  );
}

export function lockedPage(share: Share, lockedUntil: number): string {
  return renderPage(
    'Link locked',
    html`<h1>Too many wrong passcodes</h1><p>This link from ${share.senderName} is locked until ${formatTime(lockedUntil)}. Try again then, or ask the sender for the passcode.</p>`,
  );
}

export function blockedPage(share: Share): string {
  return renderPage(
    'Link locked',
    html`<h1>Too many wrong passcodes</h1><p>This link from ${share.senderName} is locked after too many wrong passcodes. To open it, ask ${share.senderName} to unlock it or to send a new link.</p>`,
  );
}

/** The sender as the recipient knows them: display name, and the institution where one is set. */
const sender = (share: Share, institution: string | undefined): Html =>
  institution === undefined ? html`${share.senderName}` : html`${share.senderName} at ${institution}`;

/** The sender's message as text, its line breaks kept (each line escaped on its own). */
const messageLines = (message: string): Html[] =>
  message.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`));

/** The landing page: who shared what until when and why, and a button (with a passcode field if needed). */
export function landingPage(share: Share, token: string, institution: string | undefined, problem?: string): string {
  const count = share.scope.studies.length;
  const what = count === 1 ? 'a study' : `${count} studies`;
  const passcode: Html =
    share.passcodeHash === undefined
      ? html``
      : html`<label>Passcode <input name="passcode" type="password" autocomplete="off" required maxlength="128"></label>`;
  return renderPage(
    'Shared images',
    html`<h1>${sender(share, institution)} shared ${what} with you</h1>
${share.label === undefined ? html`` : html`<p>${share.label}</p>`}
${share.message === undefined ? html`` : html`<h2>Message from ${share.senderName}</h2><blockquote><p>${messageLines(share.message)}</p></blockquote>`}
<p class="muted">Available until ${formatTime(share.expiresAt)}.</p>
${problem === undefined ? html`` : html`<p class="error" role="alert">${problem}</p>`}
<form method="post" action="/s/${token}">
${passcode}
<button type="submit">Open the images</button>
</form>`,
  );
}
