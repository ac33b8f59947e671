import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiClient';
import { describeShareError } from './describeShareError';

describe('describeShareError', () => {
  it('turns the server maximum into days', () => {
    const error = new ApiError(400, 'EXPIRY_TOO_LONG', 'A link can last at most 2592000 seconds');
    expect(describeShareError(error)).toBe('This server allows links of at most 30 days. Pick an earlier expiry.');
  });

  it('explains scope problems and ended sessions', () => {
    expect(describeShareError(new ApiError(404, 'STUDY_NOT_FOUND', 'x'))).toMatch(/no longer has this study/);
    expect(describeShareError(new ApiError(409, 'SHARE_REVOKED', 'x'))).toMatch(/Create a new one/);
    expect(describeShareError(new ApiError(401, 'SESSION_EXPIRED', 'x'))).toMatch(/Sign in again/);
  });

  it('shows other validation messages as the server wrote them', () => {
    expect(
      describeShareError(new ApiError(400, 'VALIDATION', 'body/passcode must NOT have fewer than 4 characters')),
    ).toBe('The server refused the link: body/passcode must NOT have fewer than 4 characters.');
  });
});
