import { badRequest } from '../errors';

/**
 * Caps on a QIDO-RS key that uses wildcards, checked when the request is parsed so they protect
 * both backends: the embedded archive (whose matcher is linear, but a long pattern over many rows
 * still costs) and an upstream PACS whose own wildcard matching we do not control. Real keys are
 * far inside: a name prefix (`DOE*`) or a fragment (`*HEAD*`), a few values joined by `\`.
 */
export const MAX_WILDCARDS = 16;
export const MAX_WILDCARD_KEY_LENGTH = 128;

/** The value unchanged, or HttpError 400 naming the key and the caps. */
export function checkWildcardLimits(key: string, value: string): string {
  const wildcards = value.match(/[*?]/g)?.length ?? 0;
  if (wildcards > 0 && (wildcards > MAX_WILDCARDS || [...value].length > MAX_WILDCARD_KEY_LENGTH)) {
    throw badRequest(
      `${key.slice(0, 64)}: a key with wildcards may have at most ${MAX_WILDCARDS} wildcards (* or ?) and ${MAX_WILDCARD_KEY_LENGTH} characters`,
      'WILDCARD_LIMIT',
    );
  }
  return value;
}
