import { Transform, type TransformCallback } from 'node:stream';
import { payloadTooLarge } from '../errors';

/** Passes bytes through until `limit`, then fails the stream with a 413 HttpError. */
export function limitStream(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) callback(payloadTooLarge(limit));
      else callback(null, chunk);
    },
  });
}
