import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BackendResponse, DicomwebBackend } from '../dicomweb/backend';
import { multipartBody } from '../archive/wado/multipartBody';
import { instanceBytes } from './instanceBytes';

const context = { accept: undefined, publicBase: 'http://localhost/dicomweb', signal: new AbortController().signal };
const request = { kind: 'instances' as const, study: '1.2', series: '1.2.3', instance: '1.2.3.4' };

/** A backend whose retrieve answers `response`, with the body cut into chunks of `sizes` bytes in turn. */
function backendAnswering(contentType: string, body: Buffer, sizes: number[]): DicomwebBackend {
  async function* chunks() {
    for (let at = 0, i = 0; at < body.length; i++) {
      const size = sizes[i % sizes.length]!;
      yield body.subarray(at, at + size);
      at += size;
    }
  }
  const response: BackendResponse = {
    status: 200,
    headers: { 'content-type': contentType },
    body: Readable.from(chunks()),
  };
  return { retrieve: async () => response } as unknown as DicomwebBackend;
}

async function collect(bytes: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of bytes) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function multipartOf(file: Buffer): Promise<{ contentType: string; body: Buffer }> {
  const multipart = multipartBody();
  const stream = multipart.stream(
    (async function* () {
      yield { headers: { 'Content-Type': 'application/dicom' }, body: file };
    })(),
  );
  return {
    contentType: `multipart/related; type="application/dicom"; boundary=${multipart.boundary}`,
    body: await collect(stream),
  };
}

// A file full of near-delimiters: CRLF, dashes, and the start of the boundary, in every position.
const file = Buffer.concat(
  Array.from({ length: 400 }, (_, i) => Buffer.from(`\r\n-${'-'.repeat(i % 3)}DICM ${i}\r\n\r\n`)),
);

describe('instanceBytes', () => {
  for (const sizes of [[1], [2, 3], [7, 64], [100_000]]) {
    it(`takes the file out of a multipart answer cut into chunks of ${sizes.join(', ')} bytes`, async () => {
      const { contentType, body } = await multipartOf(file);
      expect(await collect(await instanceBytes(backendAnswering(contentType, body, sizes), request, context))).toEqual(
        file,
      );
    });
  }

  it('passes an application/dicom answer through as it is', async () => {
    const bytes = await instanceBytes(backendAnswering('application/dicom', file, [333]), request, context);
    expect(await collect(bytes)).toEqual(file);
  });

  it('fails on a multipart answer that stops inside the part', async () => {
    const { contentType, body } = await multipartOf(file);
    const cut = body.subarray(0, body.length - 60);
    await expect(
      collect(await instanceBytes(backendAnswering(contentType, cut, [50]), request, context)),
    ).rejects.toThrow(/ends inside/);
  });

  it('fails on an answer that is neither', async () => {
    await expect(
      instanceBytes(backendAnswering('application/dicom+json', Buffer.from('[]'), [2]), request, context),
    ).rejects.toThrow(/Expected application\/dicom/);
  });
});
