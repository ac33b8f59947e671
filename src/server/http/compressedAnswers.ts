import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { AnswerCache } from './answerCache';

type Encoding = 'br' | 'gzip';

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // @fastify/compress's own brotli settings (quality 4, text mode), so either way the bytes are alike.
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    }),
  gzip: (body) => promisify(gzip)(body),
};

/** Brotli where the client takes it, else gzip, else nothing; `;q=0` refuses a coding. */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((item) =>
        item
          .trim()
          .toLowerCase()
          .split(/\s*;\s*/),
      )
      .filter(([, quality]) => !/^q=0(?:\.0*)?$/.test(quality ?? ''))
      .map(([coding]) => coding),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('x-gzip')) return 'gzip';
  return undefined;
}

/**
 * Compressed copies of answers, per coding: a series' metadata, asked again, is sent without
 * compressing 1.5 MB of JSON again (50–60 ms of CPU here, more when the cores are busy; hashing it
 * takes 2–3 ms). Copies are found by the hash of the bytes they stand for, never by an entity tag:
 * an upstream's tag may stay the same on answers the gateway cut to different share scopes.
 */
export function createCompressedAnswers(maxBytes: number) {
  const copies = new AnswerCache(maxBytes);
  return async (encoding: Encoding, body: Buffer): Promise<Buffer> => {
    const key = `${encoding} ${createHash('sha256').update(body).digest('base64')}`;
    const kept = copies.get(key);
    if (kept) return kept;
    const compressed = await compressors[encoding](body);
    copies.set(key, compressed);
    return compressed;
  };
}
