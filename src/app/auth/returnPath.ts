import { LOGIN_PATH, STUDY_LIST_PATH } from '../routes';

/** The sign-in page, remembering where to go back to (path, query and fragment of this app only). */
export function loginPath(from: { pathname: string; search: string; hash: string }): string {
  const back = `${from.pathname}${from.search}${from.hash}`;
  if (from.pathname === LOGIN_PATH || back === STUDY_LIST_PATH) return LOGIN_PATH;
  return `${LOGIN_PATH}?${new URLSearchParams({ next: back })}`;
}

/**
 * Where to go after signing in. Only a path of this app: `//host`, `/\host` and absolute URLs
 * would make the sign-in page an open redirect for phishing links.
 */
export function returnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return STUDY_LIST_PATH;
  if (next === LOGIN_PATH || next.startsWith(`${LOGIN_PATH}?`)) return STUDY_LIST_PATH;
  return next;
}
