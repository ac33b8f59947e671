import { formatTime, html, renderPage, type Html } from '../security/htmlPage';
import type { PatientLink } from '../store/patientLinks';

/**
 * The pages a patient sees before their images: phone-first forms without script. Nothing on
 * them names the patient or their studies before the birth date (or passcode) was right.
 */

const from = (institution: string | undefined) =>
  institution === undefined ? html`` : html`<p class="muted">From ${institution}</p>`;

const problemLine = (problem: string | undefined) =>
  problem === undefined ? html`` : html`<p class="error" role="alert">${problem}</p>`;

/** A native date picker, and a text box for browsers (or people) that do better without one. */
const birthDateFields = (): Html => html`<label>Your date of birth
<input name="birthDate" type="date" autocomplete="bday" min="1800-01-01">
</label>
<details>
<summary>Trouble with the date picker? Type it instead</summary>
<label>Date of birth as year-month-day, like 1980-02-15
<input name="birthDateText" type="text" inputmode="numeric" autocomplete="bday" placeholder="YYYY-MM-DD" maxlength="10">
</label>
</details>`;

const passcodeField = (required: boolean): Html =>
  required
    ? html`<label>Passcode from your letter <input name="passcode" type="password" autocomplete="off" required maxlength="128"></label>`
    : html`<label>Passcode (only if your letter shows one) <input name="passcode" type="password" autocomplete="off" maxlength="128"></label>`;

/** /p: the access code from the printed letter, and the date of birth. */
export function accessCodePage(institution: string | undefined, problem?: string, typedCode = ''): string {
  return renderPage(
    'Your images',
    html`<h1>See your images</h1>
${from(institution)}
<p>Type the access code from your letter and your date of birth.</p>
${problemLine(problem)}
<form method="post" action="/p">
<label>Access code <input name="accessCode" type="text" required autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="K7F4-92QM-X3TR" maxlength="20" value="${typedCode}"></label>
${birthDateFields()}
${passcodeField(false)}
<button type="submit">Show my images</button>
</form>`,
  );
}

/** /p/<token>: the date of birth, and the passcode when the link has one. */
export function birthDatePage(link: PatientLink, token: string, institution: string | undefined, problem?: string) {
  const asksDate = link.birthDateHash !== undefined;
  return renderPage(
    'Your images',
    html`<h1>See your images</h1>
${from(institution)}
<p>${asksDate ? 'To check it is you, enter your date of birth.' : 'To check it is you, enter the passcode from your letter.'}</p>
${problemLine(problem)}
<form method="post" action="/p/${token}">
${asksDate ? birthDateFields() : html``}
${link.passcodeHash === undefined ? html`` : passcodeField(true)}
<button type="submit">Show my images</button>
</form>
<p class="muted">Available until ${formatTime(link.expiresAt)}.</p>`,
  );
}

export function patientLockedPage(lockedUntil: number): string {
  return renderPage(
    'Try again later',
    html`<h1>Too many wrong tries</h1><p>For your safety this link is locked until ${formatTime(lockedUntil)}. Try again then, or call the hospital that gave you the letter.</p>`,
  );
}

export function patientExpiredPage(link: PatientLink): string {
  return renderPage(
    'Link expired',
    html`<h1>This link has expired</h1><p>It expired on ${formatTime(link.expiresAt)}. Ask the hospital that gave it to you for a new one.</p>`,
  );
}

export function patientRevokedPage(): string {
  return renderPage(
    'Link withdrawn',
    html`<h1>This link was withdrawn</h1><p>The hospital has withdrawn it. Ask them for a new one if you still need your images.</p>`,
  );
}

export function patientUnknownLinkPage(): string {
  return renderPage(
    'Link not valid',
    html`<h1>This link is not valid</h1><p>Check that you copied the whole link, or type the access code from your letter at <a href="/p">the access page</a>.</p>`,
  );
}
