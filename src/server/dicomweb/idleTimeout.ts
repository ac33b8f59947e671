import { Transform, type TransformCallback } from 'node:stream';
import { HttpError } from '../errors';

/**
 * Passes bytes through, and fails the stream with a 408 HttpError when none has arrived for
 * `idleMs` while the reader was waiting for more. Time the reader spends busy (writing a part to
 * disk) is not the sender's fault, so each read restarts the clock as well as each chunk.
 */
export function idleTimeout(idleMs: number): Transform {
  let timer: NodeJS.Timeout | undefined;
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stream.destroy(uploadStalled(idleMs)), idleMs);
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      restart();
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      clearTimeout(timer);
      callback();
    },
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
  const read = stream._read.bind(stream);
  stream._read = (size: number) => {
    restart();
    read(size);
  };
  restart();
  return stream;
}

function uploadStalled(idleMs: number): HttpError {
  const seconds = Math.round(idleMs / 1000);
  return new HttpError(
    408,
    'UPLOAD_STALLED',
    `The upload stalled: no bytes of the upload arrived for ${seconds} s (UPLOAD_IDLE_SECONDS); send it again`,
  );
}
