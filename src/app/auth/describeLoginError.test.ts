import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiClient';
import { describeLoginError } from './describeLoginError';

describe('describeLoginError', () => {
  it('says wrong credentials without telling which one', () => {
    expect(describeLoginError(new ApiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password'))).toBe(
      'Wrong username or password.',
    );
  });

  it('turns Retry-After into seconds under two minutes, else whole minutes, rounding up', () => {
    const throttled = (seconds: number | undefined) =>
      describeLoginError(new ApiError(429, 'TOO_MANY_ATTEMPTS', 'x', seconds));
    expect(throttled(840)).toBe('Too many failed sign-ins — try again in 14 min.');
    expect(throttled(121)).toBe('Too many failed sign-ins — try again in 3 min.');
    expect(throttled(61)).toBe('Too many failed sign-ins — try again in 61 s.');
    expect(throttled(1)).toBe('Too many failed sign-ins — try again in 1 s.');
    expect(throttled(undefined)).toBe('Too many failed sign-ins — try again in 60 s.');
  });

  it('names an unreachable server and other failures', () => {
    expect(describeLoginError(new ApiError(0, 'SERVER_UNREACHABLE', 'The SecondRead server did not answer.'))).toBe(
      'The SecondRead server did not answer.',
    );
    expect(describeLoginError(new ApiError(500, 'INTERNAL', 'boom'))).toMatch(/\(500\)/);
    expect(describeLoginError(new Error('x'))).toMatch(/unexpectedly/);
  });
});
