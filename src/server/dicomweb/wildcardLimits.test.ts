import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors';
import { parseDicomwebRequest } from './request';
import { MAX_WILDCARD_KEY_LENGTH, MAX_WILDCARDS } from './wildcardLimits';

const search = (query: string) => parseDicomwebRequest('GET', '/studies', query);
const refusal = (query: string) => {
  try {
    search(query);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('wildcard limits at parse time', () => {
  it('accepts keys up to the caps, and long keys without wildcards', () => {
    expect(search(`PatientName=${'*'.repeat(MAX_WILDCARDS)}a`).kind).toBe('search');
    expect(search(`StudyDescription=${'a'.repeat(MAX_WILDCARD_KEY_LENGTH - 1)}*`).kind).toBe('search');
    const uids = Array.from({ length: 20 }, (_, i) => `1.2.826.0.1.3680043.10.99.${i}`).join('%5C');
    expect(search(`StudyInstanceUID=${uids}`).kind).toBe('search');
  });

  it.each([
    ['PatientName', `${'*'.repeat(MAX_WILDCARDS + 1)}a`],
    ['StudyDescription', `${'*?'.repeat(9)}!`],
    ['00080080', `${'x'.repeat(MAX_WILDCARD_KEY_LENGTH)}*`],
  ])('refuses %s beyond the caps with 400 saying what they are', (key, value) => {
    const error = refusal(`${key}=${encodeURIComponent(value)}`);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 400,
      code: 'WILDCARD_LIMIT',
      message: `${key}: a key with wildcards may have at most 16 wildcards (* or ?) and 128 characters`,
    });
  });
});
