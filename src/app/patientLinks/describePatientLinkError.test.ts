import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiClient';
import { describePatientLinkError } from './describePatientLinkError';

describe('describePatientLinkError', () => {
  it('says what to do when the data has no birth date, or the studies are not one patient’s', () => {
    expect(describePatientLinkError(new ApiError(400, 'PASSCODE_REQUIRED', 'x'))).toMatch(/set a passcode/);
    expect(describePatientLinkError(new ApiError(400, 'MIXED_PATIENTS', 'x'))).toMatch(/different patients/);
    expect(describePatientLinkError(new ApiError(404, 'STUDY_NOT_FOUND', 'x'))).toBe(
      'The archive has no study for this patient. Check the Patient ID.',
    );
  });

  it('falls back to the share links’ words', () => {
    expect(describePatientLinkError(new ApiError(401, 'SESSION_EXPIRED', 'x'))).toBe(
      'Your session has ended. Sign in again.',
    );
    expect(describePatientLinkError(new Error('boom'))).toMatch(/^Something unexpected went wrong/);
  });
});
