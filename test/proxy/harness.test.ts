import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';

describe('shared Orthanc', () => {
  it('answers DICOMweb with the corpus loaded', async () => {
    const { baseUrl, loaded } = inject('orthanc');
    const response = await fetch(`${baseUrl}/instances?limit=1000`, { headers: { accept: 'application/dicom+json' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(loaded.length);
  });

  it('listens on loopback only', async () => {
    const port = Number(new URL(inject('orthanc').restUrl).port)
      .toString(16)
      .toUpperCase()
      .padStart(4, '0');
    // /proc/net/tcp: "local_address" is hex IP:port; state 0A is LISTEN.
    const listeners = (await readFile('/proc/net/tcp', 'utf8'))
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${port}`) && fields[3] === '0A')
      .map((fields) => fields[1]);
    expect(listeners).toEqual([`0100007F:${port}`]);
  });
});
