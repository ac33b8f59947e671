/**
 * What the log may keep of an address. Share links (/s/), patient links (/p/) and the setup
 * link (/setup/) carry bearer secrets in the path; query values carry search terms such as
 * PatientName. Both are replaced; query keys stay, since they help debugging and name no one.
 */
const REDACTED = '[redacted]';

/**
 * A secret path segment: the token after /s/, /p/ or /setup/, also behind an encoded slash.
 * Route patterns (`/s/:token`) are kept: a token never starts with a colon.
 */
const SECRET_SEGMENT = /(\/(?:s|p|setup)(?:\/|%2f))(?!:)[^/?#\s"'<>\\]+/gi;
/** A query parameter in free text: `?key=value` or `&key=value`. */
const QUERY_PARAMETER = /([?&][^=&#\s"'<>\\]*=)[^&#\s"'<>\\]*/g;
/** Keys as DICOMweb and our API spell them; anything else (say, `PatientName%3DDOE`) could be a value. */
const PLAIN_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt < 0 ? url : url.slice(0, queryAt)).replace(SECRET_SEGMENT, `$1${REDACTED}`);
  if (queryAt < 0) return path;
  const parameters = url
    .slice(queryAt + 1)
    .split('&')
    .map((parameter) => {
      const key = parameter.split('=', 1)[0]!;
      if (!PLAIN_KEY.test(key)) return REDACTED;
      return parameter.includes('=') ? `${key}=${REDACTED}` : key;
    });
  return `${path}?${parameters.join('&')}`;
}

/**
 * The same rules over free text (messages, stacks, whole JSON log lines), where an address may
 * appear anywhere. Quotes and backslashes end a match, so JSON escapes stay intact.
 */
export function redactText(text: string): string {
  return text.replace(SECRET_SEGMENT, `$1${REDACTED}`).replace(QUERY_PARAMETER, `$1${REDACTED}`);
}
