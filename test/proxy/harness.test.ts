import { describe, expect, inject, it } from 'vitest';

describe('shared Orthanc', () => {
  it('answers DICOMweb with the corpus loaded', async () => {
    const { baseUrl, loaded } = inject('orthanc');
    const response = await fetch(`${baseUrl}/instances?limit=1000`, { headers: { accept: 'application/dicom+json' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(loaded.length);
  });
});
