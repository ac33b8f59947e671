import { request } from 'node:http';
import { readFileSync } from 'node:fs';

const BOUNDARY = 'durability-6f0c2a';

interface StowResult {
  status?: number;
  body?: string;
  error?: Error;
}

interface StowUpload {
  /** Resolves when the response arrives or the connection fails. */
  done: Promise<StowResult>;
  /** Writes parts `from` to `to` (exclusive) with back-pressure; `finish` closes the body. */
  send(from: number, to: number): Promise<void>;
  finish(): void;
}

/** A chunked STOW-RS upload of files, one multipart part each, written as the test decides. */
export function stowUpload(base: string, headers: Record<string, string>, files: string[]): StowUpload {
  const url = new URL(`${base}/dicomweb/studies`);
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { ...headers, 'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}` },
  });
  const done = new Promise<StowResult>((resolve) => {
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode, body }));
      response.on('error', (error) => resolve({ error }));
    });
    req.on('error', (error) => resolve({ error }));
  });
  const write = (chunk: Buffer | string) =>
    new Promise<void>((resolve) => {
      if (req.write(chunk)) resolve();
      else req.once('drain', () => resolve());
    });
  return {
    done,
    async send(from, to) {
      for (const file of files.slice(from, to)) {
        if (req.destroyed) return;
        await write(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`);
        await write(readFileSync(file));
        await write('\r\n');
      }
    },
    finish() {
      if (!req.destroyed) req.end(`--${BOUNDARY}--\r\n`);
    },
  };
}
