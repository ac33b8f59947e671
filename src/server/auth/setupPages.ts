import { html, renderPage } from '../security/htmlPage';

export function setupFormPage(token: string, problem?: string): string {
  return renderPage(
    'Create the administrator',
    html`<h1>Create the first administrator</h1>
<p>This page works once. The account you create here can sign in and share studies; add more people with <code>npm run user:add</code>.</p>
${problem === undefined ? html`` : html`<p class="error" role="alert">${problem}</p>`}
<form method="post" action="/api/setup">
<input type="hidden" name="token" value="${token}">
<label>Username <input name="username" autocomplete="username" required minlength="2" maxlength="64"></label>
<label>Display name <input name="displayName" autocomplete="name" maxlength="128"></label>
<label>Password <input name="password" type="password" autocomplete="new-password" required minlength="12"></label>
<label>Repeat password <input name="passwordRepeat" type="password" autocomplete="new-password" required minlength="12"></label>
<button type="submit">Create administrator</button>
</form>`,
  );
}

export function setupDonePage(username: string): string {
  return renderPage(
    'Administrator created',
    html`<h1>Administrator created</h1><p>Sign in as <strong>${username}</strong>.</p><p><a href="/">Continue to SecondRead</a></p>`,
  );
}

export function setupInvalidPage(): string {
  return renderPage(
    'Setup link not valid',
    html`<h1>This setup link does not work</h1>
<p>It was used already, has expired, or a newer one was printed. Restart the gateway to print a new one while no account exists.</p>`,
  );
}
